// SPDX-License-Identifier: MIT
// No `try!` in library code. Sources/CofferPrimitives, CofferAge, CofferKeys and CofferSharing have none: what
// parsed input can reach throws typed errors (the record codec's RecordReader, IdentityBundle, LinkRecord,
// SignedRecord, FolderKeyStanza); the vault's record writers (NodeRecord, Manifest, MemberList, ListingHead,
// ListingChunk, FolderKeyring) build the parsed form directly instead of re-parsing what they just wrote; and static
// inputs go through APIs that cannot fail: HKDF to the hash's length (`deriveKey32`), BLAKE2b to a fixed
// `BLAKE2b.Length`, a seal under a `SecretKey32` with a `Nonce12`/`Nonce24`, the payload's `sealSized` into buffers
// it sized, `crypto_kdf` under a closed `SubkeyContextName`, an Ed25519 or X25519 key from a `SecretKey32`, a
// `Stanza(constantType:)`, a `RecordID` from bytes and a `RecordLabel`. A `try!` anywhere in them fails this test;
// one that truly cannot be avoided must be added to `allowed` with the reason its inputs are static.
import Foundation
import Testing

@Suite("library try! audit")
struct LibraryTryBangAuditTests {
    /// File (under Sources/) → number of `try!` allowed, with the reason.
    static let allowed: [String: (count: Int, reason: String)] = [:]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// `try!` outside `//` comments, per file under Sources/ of the four library modules, and how many files were
    /// read (so an empty result means "none", never "nothing found").
    static func counts() throws -> (files: Int, tryBang: [String: Int]) {
        var result: [String: Int] = [:]
        var read = 0
        for module in ["CofferPrimitives", "CofferAge", "CofferKeys", "CofferSharing"] {
            let root = sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                read += 1
                let count = text.split(separator: "\n").reduce(0) { total, line in
                    let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                    return total + code.components(separatedBy: "try!").count - 1
                }
                if count > 0 { result["\(module)/\(file)"] = count }
            }
        }
        return (read, result)
    }

    @Test("every try! in the library is on the allowlist, with its count")
    func allowlist() throws {
        let (files, found) = try Self.counts()
        #expect(files > 100, "only \(files) Swift files found under \(Self.sources.path)")
        for (file, count) in found.sorted(by: { $0.key < $1.key }) {
            let allowed = Self.allowed[file]?.count ?? 0
            #expect(count <= allowed, "\(file): \(count) try! (allowed \(allowed)); throw a typed error instead")
        }
        for (file, entry) in Self.allowed where (found[file] ?? 0) < entry.count {
            Issue.record("\(file): allowlist says \(entry.count), found \(found[file] ?? 0): lower the allowlist")
        }
        let total = found.values.reduce(0, +)
        print("LibraryTryBangAuditTests: \(files) files read, \(total) try! in \(found.count) of them")
    }
}
