// SPDX-License-Identifier: MIT
// libFuzzer target: vault records from the server: keyring, member list, share, node, manifest, folder-key stanza.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzVaultRecords SECONDS`. See FUZZING.md.
import Coffer
import CofferSharing
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzVaultRecords_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// Input: byte 0 picks the record type, the rest is the record as the server returned it. Every reader must refuse
/// with a typed `VaultError` or return a record; none may trap, whatever the bytes. A folder-key stanza is built from
/// "ARGUMENTS\nBODY" like an age stanza and parsed as one.
func fuzzOne(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let record = Array(bytes.dropFirst())
    switch selector % 6 {
    case 0: _ = try? FolderKeyring(parsing: record)
    case 1: _ = try? MemberList(parsing: record)
    case 2: _ = try? ShareRecord(parsing: record)
    case 3: _ = try? NodeRecord(parsing: record)
    case 4: _ = try? Manifest(parsing: record)
    default:
        let newline = record.firstIndex(of: 0x0A) ?? record.endIndex
        let arguments = String(decoding: record[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        let body = Array(record[min(newline + 1, record.endIndex)...])
        guard let stanza = try? Stanza(type: FolderKeyStanza.type, arguments: arguments, body: body) else { return }
        _ = try? FolderKeyStanza.parse(stanza)
    }
}
