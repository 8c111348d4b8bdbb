// SPDX-License-Identifier: MIT
// Issue 12: no `try!` in library code on an input path. Every `try!` left in Sources/CofferPrimitives, CofferFormat,
// CofferKeys and CofferSharing is listed here with the reason its inputs are static (fixed lengths, constant
// labels, or a record this code has just built); the ones that parsed input could reach now throw typed errors
// (IdentityBundle, LinkRecord, SignedRecord, VaultBytes, FolderKeyStanza, and the Manifest/MemberList/FolderKeyring
// writers, whose callers check the count caps first). A new `try!` anywhere, or one more in a listed file, fails.
// HKDF to the hash's length (`HKDF.deriveKey(inputKeyMaterial:salt:info:)`) and BLAKE2b to a fixed `BLAKE2b.Length`
// cannot fail, so those sites need none.
import Foundation
import Testing

@Suite("library try! audit")
struct LibraryTryBangAuditTests {
    /// File (under Sources/) → number of `try!` allowed, with the reason.
    static let allowed: [String: (count: Int, reason: String)] = [
        "CofferPrimitives/Ed25519.swift": (1, "a fresh 32-byte random seed"),
        "CofferFormat/Payload/PayloadKey.swift": (1, "a seal into a buffer the caller sized exactly"),
        "CofferFormat/Recipients/Recipient.swift": (1, "seal of a 16-byte file key under a derived 32-byte key"),
        "CofferKeys/IdentityKeys.swift": (2, "secrets whose 32-byte length is checked just above"),
        "CofferKeys/IdentitySecretsRecord.swift": (2, "crypto_kdf with a constant context; seal under a 32-byte key"),
        "CofferKeys/MasterKeySubkeys.swift": (1, "crypto_kdf after the context is checked just above"),
        "CofferKeys/MasterKeyWrap.swift": (2, "seal of the 32-byte master key; the 72-byte wrap it just made"),
        "CofferKeys/UnlockedAccount.swift": (1, "crypto_kdf with the constant context \"cofferkc\""),
        "CofferSharing/Links/LinkEnvelope.swift": (2, "seal under a derived key; a stanza of its own base64 parts"),
        "CofferSharing/Links/LinkSecret.swift": (3, "HKDF and BLAKE2b of the 16-byte link secret, constant lengths"),
        "CofferSharing/Vault/Keys/FolderKey.swift": (1, "seal under a 32-byte key"),
        "CofferSharing/Vault/Keys/FolderKeyStanza.swift": (1, "a stanza of base64 and a decimal epoch it just made"),
        "CofferSharing/Vault/Keys/FolderKeyring.swift": (1, "re-parse of the keyring it just signed (epochs capped)"),
        "CofferSharing/Vault/Records/Manifest.swift": (
            1, "re-parse of the listing it just signed (children capped by caller)"
        ),
        "CofferSharing/Vault/Listing/ListingChunk.swift": (1, "re-parse of the chunk it just built (≤ 512)"),
        "CofferSharing/Vault/Listing/ListingHead.swift": (
            1, "re-parse of the head it just signed (caller caps chunks)"
        ),
        "CofferSharing/Vault/Records/MemberList.swift": (
            1, "re-parse of the list it just signed (members capped by caller)"
        ),
        "CofferSharing/Vault/Records/NodeRecord.swift": (
            2, "re-parse of the record it just signed (metadata sizes capped)"
        ),
        "CofferSharing/Vault/Vault.swift": (1, "crypto_kdf with the constant root context"),
        "CofferSharing/Vault/Writes/VaultLinks.swift": (1, "the all-zero 16-byte account id"),
        "CofferSharing/Vault/Records/VaultIntent.swift": (1, "a record id from the root's and the intent's hex"),
    ]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// `try!` outside `//` comments, per file under Sources/ of the four library modules.
    static func counts() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for module in ["CofferPrimitives", "CofferFormat", "CofferKeys", "CofferSharing"] {
            let root = sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                let count = text.split(separator: "\n").reduce(0) { total, line in
                    let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                    return total + code.components(separatedBy: "try!").count - 1
                }
                if count > 0 { result["\(module)/\(file)"] = count }
            }
        }
        return result
    }

    @Test("every try! in the library is on the allowlist, with its count")
    func allowlist() throws {
        let found = try Self.counts()
        #expect(!found.isEmpty, "no sources found under \(Self.sources.path)")
        for (file, count) in found.sorted(by: { $0.key < $1.key }) {
            let allowed = Self.allowed[file]?.count ?? 0
            #expect(count <= allowed, "\(file): \(count) try! (allowed \(allowed)); throw a typed error instead")
        }
        for (file, entry) in Self.allowed where (found[file] ?? 0) < entry.count {
            Issue.record("\(file): allowlist says \(entry.count), found \(found[file] ?? 0): lower the allowlist")
        }
        let total = found.values.reduce(0, +)
        print("LibraryTryBangAuditTests: \(found.count) files, \(total) try! checked against the allowlist")
    }
}
