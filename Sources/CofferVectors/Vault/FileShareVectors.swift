// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_file_share.json`: one version's file key wrapped to a person (Spec/vault.md §7.4), read as §7.4 says:
/// layout → addressed to me and signed by the owner it names → signature → X25519 (version 1) or MLKEM768-X25519
/// (version 2) and unwrap → the node record served under the pinned name: present, hash, layout, placement.
package struct FileShareCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    /// The bytes the storage serves as `hex(nodeID).node-hex(nodeHash[0:16])`; absent: withheld.
    package var nodeRecord: String?
    /// The recipient's secrets (test-only): X25519 scalar, Ed25519 seed and, for version 2, MLKEM768-X25519 seed.
    package var recipientAgreementSecret: String
    package var recipientSigningSeed: String
    package var recipientHybridSeed: String?
    /// The owner's public keys, as the recipient's verified pin holds them.
    package var ownerAgreementKey: String
    package var ownerSigningKey: String
    package var fileKey: String?
    package var size: UInt64?
    package var name: String?
    package var nodeId: String?
    package var parentId: String?
    package var version: UInt8?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try FileShareRecord(parsing: Hex.decode(record))
        let me = try VaultVectors.recipient(
            agreement: recipientAgreementSecret, signing: recipientSigningSeed, hybrid: recipientHybridSeed)
        let owner = try VaultVectors.writers(agreement: ownerAgreementKey, signing: ownerSigningKey)
        let opened = try parsed.open(me: me, owner: owner)
        _ = try parsed.checkNodeRecord(try nodeRecord.map { try Hex.decode($0) })
        return VaultVectors.compare("fileKey", opened.fileKey.secret.revealedBytes(), fileKey)
            ?? VaultVectors.compare("size", opened.size, size)
            ?? VaultVectors.compare("name", opened.name, name)
            ?? VaultVectors.compare("nodeId", parsed.node.hex, nodeId)
            ?? VaultVectors.compare("parentId", parsed.parent.hex, parentId)
            ?? VaultVectors.compare("version", parsed.version, version)
    }
}

package struct FileShareGenerator: VectorGenerator {
    package let fileName = "vault_file_share.json"
    package static let algorithm = "coffer-vault-file-share"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let bob = try IdentityKeyPair(
            agreementSecret: random.secret(32), signingSeed: random.secret(32), hybridSeed: random.secret(32))
        let carol = try VaultVectors.person(&random)
        let classicalBob = try IdentityKeyPair(
            agreementSecret: bob.agreement.rawRepresentation, signingSeed: bob.signing.seed)
        let parent = try NodeID(bytes: random.bytes(16))
        let folderKey = try FolderKey(random.secret(32))
        func node(
            _ name: String, size: UInt64, version: UInt64 = 1, kind: NodeRecord.Kind = .file, id: NodeID? = nil,
            treeOwner: AccountID? = nil
        ) throws -> NodeRecord {
            NodeRecord.seal(
                treeOwner: treeOwner ?? owner.accountID, id: try id ?? NodeID(bytes: random.bytes(16)), parent: parent,
                kind: kind, version: version, epoch: 1, parentKey: folderKey,
                commitment: kind == .file ? random.bytes(32) : [UInt8](repeating: 0, count: 32),
                metadata: try NodeMetadata(name: name, size: kind == .file ? size : 0, modified: 1_765_065_600),
                signer: VaultSigner(identity: owner), nonce: random.bytes(24))
        }
        struct Made {
            let share: FileShareRecord
            let node: NodeRecord
            let fileKey: FileKey
            let size: UInt64
            let name: String
        }
        func make(
            _ record: NodeRecord, name: String, size: UInt64, to recipient: IdentityKeyPair,
            signer: IdentityKeyPair? = nil
        ) throws -> Made {
            let fileKey = try FileKey(secret: random.secret(16))
            let share = try FileShareRecord.make(
                nodeRecord: record, recipient: recipient.publicKeys, fileKey: fileKey, size: size, name: name,
                signer: VaultSigner(identity: signer ?? owner),
                ephemeral: X25519.PrivateKey(rawRepresentation: random.secret(32)),
                encapsulationSeed: recipient.hybrid == nil ? nil : random.secret(64), nonce: random.bytes(24))
            return Made(share: share, node: record, fileKey: fileKey, size: size, name: name)
        }
        func test(_ comment: String, _ made: Made, me: IdentityKeyPair, flag: String = "FileShare") -> FileShareCase {
            FileShareCase(
                comment: comment, flags: [flag], record: Hex.encode(made.share.encoded),
                nodeRecord: Hex.encode(made.node.encoded),
                recipientAgreementSecret: Hex.encode(me.agreement.rawRepresentation.revealedBytes()),
                recipientSigningSeed: Hex.encode(me.signing.seed.revealedBytes()),
                recipientHybridSeed: me.hybrid.map { Hex.encode($0.seed.revealedBytes()) },
                ownerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                ownerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation),
                fileKey: Hex.encode(made.fileKey.secret.revealedBytes()), size: made.size, name: made.name,
                nodeId: made.share.node.hex, parentId: made.share.parent.hex, version: made.share.version,
                result: "valid")
        }
        let notes = try node("notes.txt", size: 12)
        let base = try make(notes, name: "notes.txt", size: 12, to: classicalBob)
        let report = try node("Bericht 2026.pdf", size: 1 << 20, version: 3)
        let hybridBase = try make(notes, name: "notes.txt", size: 12, to: bob)
        let valid = [
            test("version 1 (X25519), a 12-byte file", base, me: classicalBob),
            test(
                "version 1, node record version 3, 1 MiB",
                try make(report, name: "Bericht 2026.pdf", size: 1 << 20, to: classicalBob), me: classicalBob),
            test("version 2 (MLKEM768-X25519)", hybridBase, me: bob, flag: "PostQuantum"),
        ]
        let label = "coffer/v1/vault/file-share-record"
        func invalid(
            _ comment: String, _ flag: String, _ expect: String, from made: Made? = nil, me: IdentityKeyPair? = nil,
            _ change: (inout FileShareCase) -> Void = { _ in }
        ) -> FileShareCase {
            var refused = test(comment, made ?? base, me: me ?? classicalBob)
            (refused.fileKey, refused.size, refused.name) = (nil, nil, nil)
            (refused.nodeId, refused.parentId, refused.version) = (nil, nil, nil)
            refused.flags = [flag]
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        func resigned(_ bytes: [UInt8], by key: IdentityKeyPair = owner, _ edit: (inout [UInt8]) -> Void) -> String {
            var copy = bytes
            edit(&copy)
            return Hex.encode(VaultVectors.resign(copy, label: label, with: key))
        }
        let bytes = base.share.encoded
        let hashStart = 5 + 16 * 4
        let encStart = hashStart + 32
        let toCarol = try make(notes, name: "notes.txt", size: 12, to: carol)
        let byMallory = try make(notes, name: "notes.txt", size: 12, to: classicalBob, signer: mallory)
        let secondVersion = try node("notes.txt", size: 14, version: 2, id: notes.id)
        let sibling = try node("secret.txt", size: 7)
        let folderNode = try node("team", size: 0, kind: .folder)
        let ofFolder = try make(folderNode, name: "team", size: 0, to: classicalBob)
        let otherTree = try node("notes.txt", size: 12, treeOwner: mallory.accountID)
        let ofOtherTree = try make(otherTree, name: "notes.txt", size: 12, to: classicalBob)
        let folderShare = try ShareRecord.make(
            treeOwner: owner.accountID, folder: parent, recipient: classicalBob.publicKeys, epoch: 1, key: folderKey,
            name: "team", signer: VaultSigner(identity: owner),
            ephemeral: X25519.PrivateKey(rawRepresentation: random.secret(32)), nonce: random.bytes(24))
        let hybridBytes = hybridBase.share.encoded
        let hybridEncEnd = encStart + MLKEM768X25519.encapsulatedKeyByteCount
        let refused = [
            invalid("cut by one byte", "Layout", "malformedRecord") { $0.record = Hex.encode(bytes.dropLast()) },
            invalid("cut after the node hash", "Layout", "malformedRecord") {
                $0.record = Hex.encode(Array(bytes.prefix(encStart)))
            },
            invalid("format version 3", "Layout", "unsupportedVersion") {
                var version3 = bytes
                version3[4] = 3
                $0.record = Hex.encode(version3)
            },
            invalid("a folder share record (CFVS) where a file share is read", "Layout", "malformedRecord") {
                $0.record = Hex.encode(folderShare.encoded)
            },
            invalid("addressed to another recipient", "Placement", "recordMisplaced") {
                $0.record = Hex.encode(toCarol.share.encoded)
            },
            invalid("signed by someone other than the owner it names", "Placement", "recordMisplaced") {
                $0.record = Hex.encode(byMallory.share.encoded)
            },
            invalid("re-signed by a non-owner who put itself as signer", "Placement", "recordMisplaced") {
                $0.record = resigned(bytes, by: mallory) {
                    $0.replaceSubrange(($0.count - 80)..<($0.count - 64), with: mallory.accountID.bytes)
                }
            },
            invalid(
                "owner and signer rewritten to another account, without its signature", "Signature",
                "signatureInvalid"
            ) {
                $0.ownerSigningKey = Hex.encode(mallory.publicKeys.signing.rawRepresentation)
                var claimsMallory = bytes
                claimsMallory.replaceSubrange(5..<21, with: mallory.accountID.bytes)
                claimsMallory.replaceSubrange((bytes.count - 80)..<(bytes.count - 64), with: mallory.accountID.bytes)
                $0.record = Hex.encode(claimsMallory)
            },
            invalid("node hash byte flipped", "Signature", "signatureInvalid") {
                $0.record = Hex.encode(VaultVectors.flip(bytes, hashStart))
            },
            invalid(
                "node hash set to another version's record (re-signed): the box names the first", "Unwrap",
                "keyUnwrapFailed"
            ) {
                $0.record = resigned(bytes) { $0.replaceSubrange(hashStart..<encStart, with: secondVersion.hash) }
                $0.nodeRecord = Hex.encode(secondVersion.encoded)
            },
            invalid("sealed file key flipped (re-signed by the owner)", "Unwrap", "keyUnwrapFailed") {
                $0.record = resigned(bytes) { $0[$0.count - 100] ^= 1 }
            },
            invalid("all-zero ephemeral key (re-signed): low-order point", "Unwrap", "keyUnwrapFailed") {
                $0.record = resigned(bytes) {
                    $0.replaceSubrange(encStart..<(encStart + 32), with: [UInt8](repeating: 0, count: 32))
                }
            },
            invalid("opened with another recipient's secret key", "Unwrap", "keyUnwrapFailed", from: toCarol) {
                $0.recipientSigningSeed = Hex.encode(carol.signing.seed.revealedBytes())
                $0.recipientAgreementSecret = Hex.encode(classicalBob.agreement.rawRepresentation.revealedBytes())
            },
            invalid(
                "version 1 relabelled version 2 (re-signed): no room for the encapsulation", "Layout",
                "malformedRecord"
            ) { $0.record = resigned(bytes) { $0[4] = 2 } },
            invalid("node record withheld", "NodeRecord", "childMissing") { $0.nodeRecord = nil },
            invalid("the file's next version served for the pinned hash", "NodeRecord", "manifestMismatch") {
                $0.nodeRecord = Hex.encode(secondVersion.encoded)
            },
            invalid("a sibling's node record served for the pinned hash", "NodeRecord", "manifestMismatch") {
                $0.nodeRecord = Hex.encode(sibling.encoded)
            },
            invalid("node record byte flipped", "NodeRecord", "manifestMismatch") {
                $0.nodeRecord = Hex.encode(VaultVectors.flip(notes.encoded, 40))
            },
            invalid("the owner pinned a folder's node record", "NodeRecord", "recordMisplaced", from: ofFolder),
            invalid(
                "a share naming another tree's file, signed by the pinned owner", "Placement", "recordMisplaced",
                from: ofOtherTree),
            invalid(
                "version 2 opened without the post-quantum key", "Downgrade", "keyUnwrapFailed", from: hybridBase,
                me: classicalBob),
            invalid(
                "version 2 relabelled version 1 (re-signed)", "Downgrade", "malformedRecord", from: hybridBase,
                me: bob
            ) { $0.record = resigned(hybridBytes) { $0[4] = 1 } },
            invalid(
                "version 2 cut down to version 1: 32 bytes of the encapsulation kept (re-signed)", "Downgrade",
                "keyUnwrapFailed", from: hybridBase, me: bob
            ) {
                $0.record = resigned(hybridBytes) {
                    $0[4] = 1
                    $0.removeSubrange((encStart + 32)..<hybridEncEnd)
                }
            },
            invalid(
                "version 2 ML-KEM ciphertext flipped (re-signed)", "Unwrap", "keyUnwrapFailed", from: hybridBase,
                me: bob
            ) { $0.record = resigned(hybridBytes) { $0[encStart + 100] ^= 1 } },
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault file share records, Spec/vault.md section 7.4: one version's age file key, plaintext size",
                "and name sealed to the recipient's X25519 key (version 1: HKDF-SHA-256 of the X25519 output, salt",
                "ephemeral || recipient, info \"coffer/v1/vault/file-share\") or MLKEM768-X25519 key (version 2:",
                "HKDF-SHA-256 of the X-Wing shared secret, empty salt, info \"coffer/v1/vault/hybrid-file-share\";",
                "X-Wing EncapsulateDerand from the published seed), signed by the tree's owner, pinning the SHA-256",
                "of the version's node record, served in nodeRecord under its name (absent: withheld).",
            ],
            notes: [
                "Layout": "length, magic, version, the encapsulation of the version's length",
                "Placement": "addressed to this account; signed by the owner it names, who is the pinned owner",
                "Signature": "Ed25519 over \"coffer/v1/vault/file-share-record\" || 0x00 || the record before it",
                "Unwrap": "the sealed file key opens only with the recipient's key and the record's fields",
                "NodeRecord": "the node record under the pinned name: present, SHA-256 equal, a file of this place",
                "FileShare": "version 1: the file key wrapped to the recipient's X25519 key",
                "PostQuantum": "version 2: the file key wrapped to the recipient's MLKEM768-X25519 key",
                "Downgrade": "a post-quantum share opened classically, relabelled or cut down to version 1",
            ],
            groups: [("FileShare", valid), ("Refused", refused)])
    }
}
