// SPDX-License-Identifier: MIT
// libFuzzer target: share links as a person pastes them, and link records as the server returns them.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzLinks SECONDS`. See FUZZING.md.
import Coffer
import CofferSharing
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzLinks_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// The clock every opening uses: the vectors' `now`, so seeded links are neither expired nor too new.
let now: UInt64 = 1_800_000_000

/// Input: byte 0 picks the parser, the rest is its input. Every parser must refuse with a typed error or return a
/// value that re-encodes to exactly its input (links and records have one encoding each); an opening must end in a
/// typed error or the plaintext, never a trap. No password is ever given, so no KDF runs: a record that asks for
/// one is refused with `passwordRequired` before any Argon2id work.
func fuzzOne(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let input = Array(bytes.dropFirst())
    switch selector % 6 {
    case 0: checkShareLink(String(decoding: input, as: UTF8.self))
    case 1:
        if let envelope = try? LinkEnvelope(parsing: input) {
            expect(envelope.encoded == input, "envelope re-encoding")
        }
    case 2:
        if let stored = try? StoredFolderLink(parsing: input) {
            expect(stored.encoded == input, "stored link re-encoding")
        }
    case 3:
        let (first, rest) = split(input)
        let arguments = String(decoding: first, as: UTF8.self).split(separator: " ").map(String.init)
        if let stanza = try? Stanza(type: LinkEnvelope.stanzaType, arguments: arguments, body: rest),
            let envelope = try? LinkEnvelope(parsing: stanza)
        {
            expect(envelope.stanza.body == rest && envelope.stanza.arguments == arguments, "link stanza round trip")
        }
    case 4:
        // "LINK\nAGE FILE": open a file through a link (the link text is usually a seeded, valid one).
        let (linkText, file) = split(input)
        guard let link = try? ShareLink(parsing: String(decoding: linkText, as: UTF8.self)) else { return }
        _ = try? FileLinks.open(with: LinkOpener(link: link, password: nil, now: now), file: file)
    default:
        // "LINK\nSTORED FOLDER LINK": open a vault folder link record the server returned.
        let (linkText, record) = split(input)
        guard let link = try? ShareLink(parsing: String(decoding: linkText, as: UTF8.self)),
            let stored = try? StoredFolderLink(parsing: record)
        else { return }
        let opener = LinkOpener(link: link, password: nil, now: now)
        _ = try? FolderLinks.open(stored.envelope, with: opener, folderID: stored.folder.bytes)
    }
}

/// A parsed link prints back as exactly the text it came from, and its lookup id text parses to the same id.
func checkShareLink(_ text: String) {
    _ = try? LinkLookupID(urlText: text)
    _ = try? LinkTime.parseExpiry(text, now: now)
    guard let link = try? ShareLink(parsing: text) else { return }
    expect(link.revealedText() == text, "share link re-encoding")
    expect((try? LinkLookupID(urlText: link.lookupID.urlText)) == link.lookupID, "lookup id round trip")
}

func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
    return (Array(bytes[..<newline]), Array(bytes[min(newline + 1, bytes.endIndex)...]))
}

/// A broken property is a finding: crash so libFuzzer saves the input.
func expect(_ condition: Bool, _ property: String) {
    if !condition { fatalError("property violated: \(property)") }
}
