// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_manifest.json`: signed folder listings (Spec/vault.md §6), read as §8.2 says: layout → placement →
/// signer → signature → not older than the device's high-water mark.
package struct ManifestCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    package var treeOwner: String
    package var folderId: String
    package var writerAgreementKey: String
    package var writerSigningKey: String
    /// The highest listing version this device accepted for the folder.
    package var highWaterMark: UInt64
    package var version: UInt64?
    /// `childID(hex) kind recordHash(hex)` per child, in order.
    package var entries: [String]?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try Manifest(parsing: Hex.decode(record))
        try parsed.checkPlacement(
            treeOwner: AccountID(bytes: Hex.decode(treeOwner)), folder: NodeID(bytes: Hex.decode(folderId)))
        let writer = try VaultVectors.writers(agreement: writerAgreementKey, signing: writerSigningKey)
        try parsed.verifySignature(writers: VaultWriters([writer]))
        try VaultDeviceState.check(presented: parsed.version, seen: highWaterMark, what: "manifest")
        let listed = parsed.entries.map { "\($0.id.hex) \($0.kind.rawValue) \(Hex.encode($0.recordHash))" }
        return VaultVectors.compare("version", parsed.version, version)
            ?? VaultVectors.compare("entries", listed, entries)
    }
}

package struct ManifestGenerator: VectorGenerator {
    package let fileName = "vault_manifest.json"
    package static let algorithm = "coffer-vault-manifest"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let folder = try NodeID(bytes: random.bytes(16))
        func entry(_ kind: NodeRecord.Kind) throws -> Manifest.Entry {
            Manifest.Entry(id: try NodeID(bytes: random.bytes(16)), kind: kind, recordHash: random.bytes(32))
        }
        let three = [try entry(.file), try entry(.folder), try entry(.file)]
        func make(_ entries: [Manifest.Entry], version: UInt64, signer: IdentityKeyPair? = nil) -> Manifest {
            Manifest.make(
                treeOwner: owner.accountID, folder: folder, version: version, entries: entries,
                signer: VaultSigner(identity: signer ?? owner))
        }
        func test(_ comment: String, _ manifest: Manifest, mark: UInt64 = 0) -> ManifestCase {
            ManifestCase(
                comment: comment, flags: [], record: Hex.encode(manifest.encoded), treeOwner: owner.accountID.hex,
                folderId: folder.hex, writerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                writerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), highWaterMark: mark,
                version: manifest.version,
                entries: manifest.entries.map { "\($0.id.hex) \($0.kind.rawValue) \(Hex.encode($0.recordHash))" },
                result: "valid")
        }
        let base = make(three, version: 5)
        let valid = [
            test("three children", base, mark: 4), test("empty folder, version 1", make([], version: 1)),
            test("same version as the mark", base, mark: 5),
        ]
        let label = "coffer/v1/vault/manifest"
        let entriesStart = 4 + 1 + 16 + 16 + 8 + 4
        let bytes = base.encoded
        var swapped = bytes
        swapped.replaceSubrange(
            entriesStart..<(entriesStart + 49), with: bytes[(entriesStart + 49)..<(entriesStart + 98)])
        swapped.replaceSubrange(
            (entriesStart + 49)..<(entriesStart + 98), with: bytes[entriesStart..<(entriesStart + 49)])
        var duplicate = bytes
        duplicate.replaceSubrange(
            (entriesStart + 49)..<(entriesStart + 98), with: bytes[entriesStart..<(entriesStart + 49)])
        var kind3 = bytes
        kind3[entriesStart + 16] = 3
        var countPlusOne = bytes
        countPlusOne[entriesStart - 1] += 1
        var version0 = bytes
        version0.replaceSubrange((entriesStart - 12)..<(entriesStart - 4), with: [UInt8](repeating: 0, count: 8))
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ change: (inout ManifestCase) -> Void)
            -> ManifestCase
        {
            var refused = test(comment, base, mark: 4)
            refused.flags = [flag]
            refused.version = nil
            refused.entries = nil
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        let refused = [
            invalid("truncated", "Layout", "malformedRecord") { $0.record = Hex.encode(bytes.dropLast()) },
            invalid("child count one too high", "Layout", "malformedRecord") { $0.record = Hex.encode(countPlusOne) },
            invalid("children out of order (re-signed)", "Layout", "malformedRecord") {
                $0.record = Hex.encode(VaultVectors.resign(swapped, label: label, with: owner))
            },
            invalid("a child listed twice (re-signed)", "Layout", "malformedRecord") {
                $0.record = Hex.encode(VaultVectors.resign(duplicate, label: label, with: owner))
            },
            invalid("child kind 3 (re-signed)", "Layout", "malformedRecord") {
                $0.record = Hex.encode(VaultVectors.resign(kind3, label: label, with: owner))
            },
            invalid("version 0 (re-signed)", "Layout", "malformedRecord") {
                $0.record = Hex.encode(VaultVectors.resign(version0, label: label, with: owner))
            },
            invalid("format version 2", "Layout", "unsupportedVersion") {
                var version2 = bytes
                version2[4] = 2
                $0.record = Hex.encode(version2)
            },
            invalid("another folder's listing", "Placement", "recordMisplaced") {
                $0.folderId = Hex.encode(random.bytes(16))
            },
            invalid("another account's tree", "Placement", "recordMisplaced") { $0.treeOwner = mallory.accountID.hex },
            invalid("signed by an account that may not write here", "Signer", "unauthorizedWriter") {
                $0.record = Hex.encode(make(three, version: 5, signer: mallory).encoded)
            },
            invalid("a record hash changed", "Signature", "signatureInvalid") {
                $0.record = Hex.encode(VaultVectors.flip(bytes, entriesStart + 20))
            },
            invalid("a child removed", "Signature", "signatureInvalid") {
                var removed = bytes
                removed.removeSubrange((entriesStart + 98)..<(entriesStart + 147))
                removed[entriesStart - 1] -= 1
                $0.record = Hex.encode(removed)
            },
            invalid("older than the device has seen (rollback)", "Rollback", "rollbackDetected") {
                $0.highWaterMark = 6
            },
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault folder listings, Spec/vault.md section 6: children in strictly increasing id order, each with",
                "its kind and the SHA-256 of its node record; signed; refused when older than the device's mark.",
            ],
            notes: [
                "Layout": "exact length for the count, strictly increasing ids, kinds 1 and 2, version from 1",
                "Placement": "the listing must name the tree and folder it was read for",
                "Signer": "only the owner and members on signed member lists may write",
                "Signature": "Ed25519 over \"coffer/v1/vault/manifest\" || 0x00 || the record before the signature",
                "Rollback": "version >= the highest version this device accepted",
            ],
            groups: [("Manifest", valid), ("Refused", refused)])
    }
}
