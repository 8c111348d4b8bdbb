// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_node_record.json`: signed node records with encrypted metadata (Spec/vault.md §4), read in the order of
/// §8.3: layout → placement → the hash the listing pins → signer → signature → metadata AEAD.
package struct NodeRecordCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    /// Where the reader found it: tree owner, node id and folder id.
    package var treeOwner: String
    package var nodeId: String
    package var parentId: String
    /// The hash the folder's listing pins for this node.
    package var listedHash: String
    /// The one account allowed to write here (its two public keys).
    package var writerAgreementKey: String
    package var writerSigningKey: String
    /// The parent folder's keys the reader holds, by epoch (test-only secrets).
    package var parentKeys: [String: String]
    package var name: String?
    package var size: UInt64?
    package var modified: UInt64?
    package var contentType: String?
    package var kind: UInt8?
    package var version: UInt64?
    package var commitment: String?
    /// When the node went to the trash (§4.1; absent: not in the trash, 0).
    package var trashed: UInt64?
    /// The earlier versions the record names, newest first, each "version:SHA-256 of its record" (§4.1).
    package var previous: [String]?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try NodeRecord(parsing: Hex.decode(record))
        let parent = try NodeID(bytes: Hex.decode(parentId))
        try parsed.checkPlacement(
            treeOwner: AccountID(bytes: Hex.decode(treeOwner)), id: NodeID(bytes: Hex.decode(nodeId)), parent: parent,
            kind: nil)
        guard Hex.encode(parsed.hash) == listedHash else { throw VaultError.manifestMismatch(node: nodeId) }
        let writer = try VaultVectors.writers(agreement: writerAgreementKey, signing: writerSigningKey)
        try parsed.verifySignature(writers: VaultWriters([writer]))
        let metadata = try parsed.openMetadata(parentKeys: VaultVectors.keys(parentKeys, folder: parent))
        return VaultVectors.compare("name", metadata.name, name)
            ?? VaultVectors.compare("size", metadata.size, size)
            ?? VaultVectors.compare("modified", metadata.modified, modified)
            ?? VaultVectors.compare("contentType", metadata.contentType, contentType)
            ?? VaultVectors.compare("kind", parsed.kind.rawValue, kind)
            ?? VaultVectors.compare("version", parsed.version, version)
            ?? VaultVectors.compare("commitment", parsed.commitment, commitment)
            ?? VaultVectors.compare("trashed", metadata.trashed, trashed ?? (result == "valid" ? 0 : nil))
            ?? VaultVectors.compare(
                "previous", metadata.previous.map { "\($0.version):\(Hex.encode($0.recordHash))" },
                previous ?? (result == "valid" ? [] : nil))
    }
}

package struct NodeRecordGenerator: VectorGenerator {
    package let fileName = "vault_node_record.json"
    package static let algorithm = "coffer-vault-node-record"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let parent = try NodeID(bytes: random.bytes(16))
        let key1 = try FolderKey(random.secret(32))
        let key2 = try FolderKey(random.secret(32))
        let keys = ["1": Hex.encode(key1.secret.revealedBytes()), "2": Hex.encode(key2.secret.revealedBytes())]
        func seal(
            _ metadata: NodeMetadata, kind: NodeRecord.Kind = .file, epoch: UInt32 = 1, version: UInt64 = 1,
            signer: IdentityKeyPair? = nil, id: NodeID? = nil
        ) -> NodeRecord {
            NodeRecord.seal(
                treeOwner: owner.accountID, id: id ?? (try! NodeID(bytes: random.bytes(16))), parent: parent,
                kind: kind,
                version: version, epoch: epoch, parentKey: epoch == 1 ? key1 : key2,
                commitment: kind == .file ? random.bytes(32) : [UInt8](repeating: 0, count: 32), metadata: metadata,
                signer: VaultSigner(identity: signer ?? owner), nonce: random.bytes(24))
        }
        func test(_ comment: String, _ record: NodeRecord, _ metadata: NodeMetadata?) -> NodeRecordCase {
            NodeRecordCase(
                comment: comment, flags: [], record: Hex.encode(record.encoded), treeOwner: owner.accountID.hex,
                nodeId: record.id.hex, parentId: parent.hex, listedHash: Hex.encode(record.hash),
                writerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                writerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), parentKeys: keys,
                name: metadata?.name, size: metadata?.size, modified: metadata?.modified,
                contentType: metadata?.contentType, kind: record.kind.rawValue, version: record.version,
                commitment: Hex.encode(record.commitment), result: "valid")
        }
        let report = try NodeMetadata(
            name: "report.pdf", size: 123_456, modified: 1_764_000_000, contentType: "application/pdf")
        let folder = try NodeMetadata(name: "Projects", modified: 1_764_000_001)
        let unicode = try NodeMetadata(name: "Übersicht – 2026 📁.txt", size: 0, modified: 0, contentType: "text/plain")
        let base = seal(report)
        let other = seal(try NodeMetadata(name: "other.txt", size: 1))
        let valid = [
            test("a file", base, report), test("a folder", seal(folder, kind: .folder), folder),
            test("a non-ASCII name, epoch 2, version 7", seal(unicode, epoch: 2, version: 7), unicode),
        ]
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ change: (inout NodeRecordCase) -> Void)
            -> NodeRecordCase
        {
            var refused = test(comment, base, nil)
            (refused.name, refused.size, refused.modified, refused.contentType) = (nil, nil, nil, nil)
            (refused.kind, refused.version, refused.commitment) = (nil, nil, nil)
            refused.flags = [flag]
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        let bytes = base.encoded
        let sealedStart = 4 + 1 + 16 * 3 + 1 + 8 + 4 + 32 + 4
        var spliced = bytes
        spliced.replaceSubrange(
            (sealedStart - 4)..<(bytes.count - 80), with: other.encoded[(sealedStart - 4)..<(other.encoded.count - 80)])
        spliced = VaultVectors.resign(spliced, label: "coffer/v1/vault/node-record", with: owner)
        var kindThree = VaultVectors.flip(bytes, 4 + 1 + 48)
        kindThree[4 + 1 + 48] = 3
        kindThree = VaultVectors.resign(kindThree, label: "coffer/v1/vault/node-record", with: owner)
        let byMallory = seal(report, signer: mallory)
        let refused = [
            invalid("truncated", "Layout", "malformedRecord") { $0.record = Hex.encode(bytes.dropLast()) },
            invalid("wrong magic", "Layout", "malformedRecord") { $0.record = Hex.encode(VaultVectors.flip(bytes, 0)) },
            invalid("format version 2", "Layout", "unsupportedVersion") {
                var version2 = bytes
                version2[4] = 2
                $0.record = Hex.encode(version2)
            },
            invalid("kind 3 (re-signed)", "Layout", "malformedRecord") { $0.record = Hex.encode(kindThree) },
            invalid("read in another account's tree", "Placement", "recordMisplaced") {
                $0.treeOwner = mallory.accountID.hex
            },
            invalid("read for another node (swapped record)", "Placement", "recordMisplaced") {
                $0.nodeId = other.id.hex
            },
            invalid("read in another folder (moved record)", "Placement", "recordMisplaced") {
                $0.parentId = Hex.encode(random.bytes(16))
            },
            invalid("not the record the listing pins", "Listing", "manifestMismatch") {
                $0.listedHash = Hex.encode(other.hash)
            },
            invalid("signed by an account that may not write here", "Signer", "unauthorizedWriter") {
                $0.record = Hex.encode(byMallory.encoded)
                $0.listedHash = Hex.encode(byMallory.hash)
                $0.nodeId = byMallory.id.hex
            },
            invalid("sealed name flipped", "Signature", "signatureInvalid") {
                let tampered = VaultVectors.flip(bytes, sealedStart + 30)
                $0.record = Hex.encode(tampered)
                $0.listedHash = Hex.encode(SHA256.hash(tampered))
            },
            invalid("another record's sealed name, re-signed by the writer", "Metadata", "metadataAuthenticationFailed")
            {
                $0.record = Hex.encode(spliced)
                $0.listedHash = Hex.encode(SHA256.hash(spliced))
            },
            invalid("parent key of the epoch is not held", "Epoch", "epochKeyUnavailable") { $0.parentKeys["1"] = nil },
            invalid("wrong parent key for the epoch", "Metadata", "metadataAuthenticationFailed") {
                $0.parentKeys["1"] = keys["2"]
            },
        ]
        // Zero values and the order of the envelope checks (Spec/vault.md §2): size and magic, then the format
        // version byte, then the minimum length, then the body. Appended after every earlier draw.
        let versionOffset = 4 + 1 + 48 + 1
        func zeroed(_ range: Range<Int>) -> [UInt8] {
            var copy = bytes
            copy.replaceSubrange(range, with: [UInt8](repeating: 0, count: range.count))
            return VaultVectors.resign(copy, label: "coffer/v1/vault/node-record", with: owner)
        }
        func withFormatVersion(_ version: UInt8, _ record: [UInt8]) -> [UInt8] {
            var copy = record
            copy[4] = version
            return copy
        }
        let zeros = [
            invalid("node version 0 (re-signed): versions start at 1", "Zero", "malformedRecord") {
                $0.record = Hex.encode(zeroed(versionOffset..<versionOffset + 8))
            },
            invalid("epoch 0 (re-signed): epochs start at 1", "Zero", "malformedRecord") {
                $0.record = Hex.encode(zeroed(versionOffset + 8..<versionOffset + 12))
            },
            invalid("format version byte 0x00", "Zero", "unsupportedVersion") {
                $0.record = Hex.encode(withFormatVersion(0, bytes))
            },
            invalid("wrong magic and format version 2: the magic is checked first", "Order", "malformedRecord") {
                $0.record = Hex.encode(withFormatVersion(2, VaultVectors.flip(bytes, 0)))
            },
            invalid(
                "only magic and format version 2 (5 bytes): the version is checked before the length", "Order",
                "unsupportedVersion"
            ) { $0.record = Hex.encode(Array("CFVN".utf8) + [2]) },
            invalid("only magic and format version 1 (5 bytes): too short", "Order", "malformedRecord") {
                $0.record = Hex.encode(Array("CFVN".utf8) + [1])
            },
            invalid("4 bytes: shorter than magic and version", "Order", "malformedRecord") {
                $0.record = Hex.encode(Array("CFVN".utf8))
            },
        ]
        let history = try historyCases(
            random: &random, owner: owner, parent: parent, key: key1, keys: keys, test: test, invalid: invalid)
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault node records, Spec/vault.md section 4: signed by the writer, metadata sealed under the parent",
                "folder key with the record's ids, kind, version, epoch and content commitment as associated data.",
            ],
            notes: [
                "Layout": "length, magic, version and field ranges are checked first",
                "Placement": "the record must name the tree, node and folder it was read for",
                "Listing": "the folder's signed listing pins SHA-256 of the record",
                "Signer": "only the owner and members on signed member lists may write",
                "Signature": "Ed25519 over \"coffer/v1/vault/node-record\" || 0x00 || the record before the signature",
                "Metadata": "the sealed metadata opens only under its folder key and with its own record's fields",
                "Epoch": "the parent key of the record's epoch must be held",
                "Zero": "versions and epochs start at 1; the format version byte is 0x01",
                "Order":
                    "envelope checks in order: at least 5 bytes and the magic (malformedRecord), the format version "
                    + "byte (unsupportedVersion), at least 85 bytes (malformedRecord), then the body",
                "History":
                    "metadata may end in 0x01 || BE64(trashed) || BE8(n) || (BE64(version) || SHA-256(record))^n, only "
                    + "when trashed != 0 or n >= 1; n <= 15, versions newest first and older than the record's own, "
                    + "none for a folder (Spec/vault.md section 4.1)",
            ],
            groups: [
                ("NodeRecord", valid), ("Refused", refused), ("VersionZeroAndOrder", zeros), ("History", history),
            ])
    }

    /// Records with a `history` (Spec/vault.md §4.1), drawn after every earlier case so those stay as they were:
    /// valid ones (earlier versions, the trash flag) and metadata that breaks a rule, sealed and signed correctly.
    func historyCases(
        random: inout DeterministicRandom, owner: IdentityKeyPair, parent: NodeID, key: FolderKey,
        keys: [String: String], test: (String, NodeRecord, NodeMetadata?) -> NodeRecordCase,
        invalid: (String, String, String, (inout NodeRecordCase) -> Void) -> NodeRecordCase
    ) throws -> [NodeRecordCase] {
        let id = try NodeID(bytes: random.bytes(16))
        func raw(_ name: String, size: UInt64, trashed: UInt64, versions: [(UInt64, [UInt8])], layout: UInt8 = 1)
            -> [UInt8]
        {
            var out = [UInt8(name.utf8.count >> 8), UInt8(name.utf8.count & 0xff)] + Array(name.utf8)
            out += Self.be64(size) + Self.be64(1_764_000_000) + [0, 0]
            out += [layout] + Self.be64(trashed) + [UInt8(versions.count)]
            for (version, hash) in versions { out += Self.be64(version) + hash }
            return out
        }
        func seal(_ metadata: [UInt8], kind: NodeRecord.Kind = .file, version: UInt64) -> NodeRecord {
            NodeRecord.seal(
                treeOwner: owner.accountID, id: id, parent: parent, kind: kind, version: version, epoch: 1,
                parentKey: key,
                commitment: kind == .file ? random.bytes(32) : [UInt8](repeating: 0, count: 32),
                metadataBytes: metadata, signer: VaultSigner(identity: owner), nonce: random.bytes(24))
        }
        let v1 = random.bytes(32)
        let v2 = random.bytes(32)
        var withVersions = try NodeMetadata(name: "notes.txt", size: 12, modified: 1_764_000_000)
        withVersions.previous = [.init(version: 2, recordHash: v2), .init(version: 1, recordHash: v1)]
        var trashedFolder = try NodeMetadata(name: "Old", modified: 1_764_000_000)
        trashedFolder.trashed = 1_765_000_000
        var trashedFile = try NodeMetadata(name: "draft.txt", size: 3, modified: 1_764_000_000)
        trashedFile.trashed = 1_765_000_001
        trashedFile.previous = [.init(version: 4, recordHash: v2)]
        func valid(_ comment: String, _ metadata: NodeMetadata, kind: NodeRecord.Kind, version: UInt64)
            -> NodeRecordCase
        {
            let record = NodeRecord.seal(
                treeOwner: owner.accountID, id: id, parent: parent, kind: kind, version: version, epoch: 1,
                parentKey: key, commitment: kind == .file ? random.bytes(32) : [UInt8](repeating: 0, count: 32),
                metadata: metadata, signer: VaultSigner(identity: owner), nonce: random.bytes(24))
            var out = test(comment, record, metadata)
            out.flags = ["History"]
            if metadata.trashed != 0 { out.trashed = metadata.trashed }
            if !metadata.previous.isEmpty {
                out.previous = metadata.previous.map { "\($0.version):\(Hex.encode($0.recordHash))" }
            }
            return out
        }
        func refused(_ comment: String, _ record: NodeRecord) -> NodeRecordCase {
            invalid(comment, "History", "malformedRecord") {
                $0.record = Hex.encode(record.encoded)
                $0.listedHash = Hex.encode(record.hash)
                $0.nodeId = record.id.hex
            }
        }
        let sixteen = (1...16).reversed().map { (UInt64($0), random.bytes(32)) }
        return [
            valid("a file, version 3, naming versions 2 and 1", withVersions, kind: .file, version: 3),
            valid("a folder in the trash", trashedFolder, kind: .folder, version: 2),
            valid("a file in the trash naming version 4", trashedFile, kind: .file, version: 6),
            refused(
                "history layout byte 0x02", seal(raw("a", size: 1, trashed: 1, versions: [], layout: 2), version: 2)),
            refused("history present with nothing set", seal(raw("a", size: 1, trashed: 0, versions: []), version: 2)),
            refused(
                "an earlier version as new as the record (3 in version 3)",
                seal(raw("a", size: 1, trashed: 0, versions: [(3, v1)]), version: 3)),
            refused(
                "earlier versions oldest first",
                seal(raw("a", size: 1, trashed: 0, versions: [(1, v1), (2, v2)]), version: 3)),
            refused(
                "the same earlier version twice",
                seal(raw("a", size: 1, trashed: 0, versions: [(1, v1), (1, v2)]), version: 3)),
            refused("16 earlier versions", seal(raw("a", size: 1, trashed: 0, versions: sixteen), version: 17)),
            refused(
                "a folder naming an earlier version",
                seal(raw("a", size: 0, trashed: 0, versions: [(1, v1)]), kind: .folder, version: 2)),
            refused(
                "a byte after the history",
                seal(raw("a", size: 1, trashed: 0, versions: [(1, v1)]) + [0], version: 2)),
        ]
    }

    static func be64(_ value: UInt64) -> [UInt8] {
        (0..<8).reversed().map { UInt8((value >> (8 * UInt64($0))) & 0xff) }
    }
}
