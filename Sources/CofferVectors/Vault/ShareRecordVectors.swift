// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_share_record.json`: a folder key wrapped to a person (Spec/vault.md §7.2), read as §8.5 says: layout →
/// addressed to me and signed by the owner it names → signature → X25519 (version 1) or MLKEM768-X25519
/// decapsulation (version 2) and unwrap.
package struct ShareRecordCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    /// The recipient's secrets (test-only): X25519 scalar and Ed25519 seed.
    package var recipientAgreementSecret: String
    package var recipientSigningSeed: String
    /// The recipient's MLKEM768-X25519 seed, for a recipient with a post-quantum key.
    package var recipientHybridSeed: String?
    /// The owner's public keys, as the recipient's verified pin holds them.
    package var ownerAgreementKey: String
    package var ownerSigningKey: String
    package var folderId: String?
    package var epoch: UInt32?
    package var folderKey: String?
    package var folderName: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try ShareRecord(parsing: Hex.decode(record))
        let me = try VaultVectors.recipient(
            agreement: recipientAgreementSecret, signing: recipientSigningSeed, hybrid: recipientHybridSeed)
        let owner = try VaultVectors.writers(agreement: ownerAgreementKey, signing: ownerSigningKey)
        let (key, name) = try parsed.open(me: me, owner: owner)
        return VaultVectors.compare("folderKey", key.secret.revealedBytes(), folderKey)
            ?? VaultVectors.compare("folderName", name, folderName)
            ?? VaultVectors.compare("folderId", parsed.folder.hex, folderId)
            ?? VaultVectors.compare("epoch", parsed.epoch, epoch)
            ?? VaultVectors.compare("postQuantum", parsed.isPostQuantum, recipientHybridSeed != nil)
    }
}

package struct ShareRecordGenerator: VectorGenerator {
    package let fileName = "vault_share_record.json"
    package static let algorithm = "coffer-vault-share-record"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let bob = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let bobSecrets = (
            Hex.encode(bob.agreement.rawRepresentation.revealedBytes()), Hex.encode(bob.signing.seed.revealedBytes())
        )
        func make(
            _ name: String, epoch: UInt32, to recipient: IdentityKeyPair = bob, signer: IdentityKeyPair? = nil,
            treeOwner: AccountID? = nil
        ) throws -> (ShareRecord, FolderKey) {
            let key = try FolderKey(random.secret(32))
            let record = try ShareRecord.make(
                treeOwner: treeOwner ?? owner.accountID, folder: NodeID(bytes: random.bytes(16)),
                recipient: recipient.publicKeys, epoch: epoch, key: key, name: name,
                signer: VaultSigner(identity: signer ?? owner),
                ephemeral: X25519.PrivateKey(rawRepresentation: random.secret(32)), nonce: random.bytes(24))
            return (record, key)
        }
        func test(_ comment: String, _ made: (ShareRecord, FolderKey), name: String) -> ShareRecordCase {
            ShareRecordCase(
                comment: comment, flags: [], record: Hex.encode(made.0.encoded), recipientAgreementSecret: bobSecrets.0,
                recipientSigningSeed: bobSecrets.1,
                ownerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                ownerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), folderId: made.0.folder.hex,
                epoch: made.0.epoch, folderKey: Hex.encode(made.1.secret.revealedBytes()), folderName: name,
                result: "valid")
        }
        let base = try make("team", epoch: 1)
        let valid = [
            test("epoch 1", base, name: "team"),
            test("epoch 3", try make("Ablage 2026", epoch: 3), name: "Ablage 2026"),
            test("the root folder", try make("/", epoch: 1), name: "/"),
        ]
        let label = "coffer/v1/vault/share-record"
        let bytes = base.0.encoded
        let ephemeralStart = 4 + 1 + 16 * 3 + 4
        var lowOrder = bytes
        lowOrder.replaceSubrange(ephemeralStart..<(ephemeralStart + 32), with: [UInt8](repeating: 0, count: 32))
        var epoch0 = bytes
        epoch0.replaceSubrange((ephemeralStart - 4)..<ephemeralStart, with: [0, 0, 0, 0])
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ change: (inout ShareRecordCase) -> Void)
            -> ShareRecordCase
        {
            var refused = test(comment, base, name: "team")
            (refused.folderId, refused.epoch, refused.folderKey, refused.folderName) = (nil, nil, nil, nil)
            refused.flags = [flag]
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        let toMallory = try make("team", epoch: 1, to: mallory)
        let signedByMallory = try make("team", epoch: 1, signer: mallory)
        let malloryOwned = try make("team", epoch: 1, signer: mallory, treeOwner: mallory.accountID)
        let refused = [
            invalid("truncated", "Layout", "malformedRecord") { $0.record = Hex.encode(bytes.dropLast()) },
            invalid("epoch 0 (re-signed)", "Layout", "malformedRecord") {
                $0.record = Hex.encode(VaultVectors.resign(epoch0, label: label, with: owner))
            },
            invalid("format version 3", "Layout", "unsupportedVersion") {
                var version3 = bytes
                version3[4] = 3
                $0.record = Hex.encode(version3)
            },
            invalid("addressed to another account", "Placement", "recordMisplaced") {
                $0.record = Hex.encode(toMallory.0.encoded)
            },
            invalid("signed by someone other than the owner it names", "Placement", "recordMisplaced") {
                $0.record = Hex.encode(signedByMallory.0.encoded)
            },
            invalid("a non-contact's own folder, checked against the pinned owner", "Placement", "recordMisplaced") {
                $0.record = Hex.encode(malloryOwned.0.encoded)
            },
            invalid(
                "owner and signer rewritten to another pinned contact, without their signature", "Signature",
                "signatureInvalid"
            ) {
                $0.ownerSigningKey = Hex.encode(mallory.publicKeys.signing.rawRepresentation)
                var claimsMallory = bytes
                claimsMallory.replaceSubrange(5..<21, with: mallory.accountID.bytes)
                claimsMallory.replaceSubrange((bytes.count - 80)..<(bytes.count - 64), with: mallory.accountID.bytes)
                $0.record = Hex.encode(claimsMallory)
            },
            invalid("sealed key flipped", "Signature", "signatureInvalid") {
                $0.record = Hex.encode(VaultVectors.flip(bytes, bytes.count - 100))
            },
            invalid("sealed key flipped (re-signed by the owner)", "Unwrap", "keyUnwrapFailed") {
                $0.record = Hex.encode(
                    VaultVectors.resign(VaultVectors.flip(bytes, bytes.count - 100), label: label, with: owner))
            },
            invalid("all-zero ephemeral key (re-signed): low-order point", "Unwrap", "keyUnwrapFailed") {
                $0.record = Hex.encode(VaultVectors.resign(lowOrder, label: label, with: owner))
            },
            invalid("opened with another recipient's secret key", "Unwrap", "keyUnwrapFailed") {
                $0.record = Hex.encode(toMallory.0.encoded)
                $0.recipientAgreementSecret = Hex.encode(random.bytes(32))
                $0.recipientSigningSeed = Hex.encode(mallory.signing.seed.revealedBytes())
            },
            invalid(
                "an X25519 share relabelled version 2 (re-signed): no room for the encapsulated key", "Layout",
                "malformedRecord"
            ) {
                var version2 = bytes
                version2[4] = 2
                $0.record = Hex.encode(VaultVectors.resign(version2, label: label, with: owner))
            },
        ]
        let hybrid = try Self.hybridCases(&random, owner: owner, label: label)
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault share records, Spec/vault.md section 7.2: a folder key and name sealed to the recipient's",
                "X25519 key (version 1: HKDF-SHA-256 of the X25519 output, salt ephemeral || recipient,",
                "info \"coffer/v1/vault/share\") or MLKEM768-X25519 key (version 2: HKDF-SHA-256 of the X-Wing",
                "shared secret, empty salt, info \"coffer/v1/vault/hybrid-share\"; the encapsulations are",
                "X-Wing EncapsulateDerand from the published seed), signed by the folder's owner. Whether the",
                "owner is a verified contact is the device's pin rule (8.5).",
            ],
            notes: [
                "Layout": "length, magic, version, epoch from 1",
                "Placement": "addressed to this account; signed by the owner it names, who is the pinned owner",
                "Signature": "Ed25519 over \"coffer/v1/vault/share-record\" || 0x00 || the record before the signature",
                "Unwrap": "the sealed key opens only with the recipient's X25519 key and the record's fields",
                "PostQuantum": "version 2: the folder key wrapped to the recipient's MLKEM768-X25519 key",
                "Downgrade": "a post-quantum share cut down or relabelled as an X25519 one",
            ],
            groups: [
                ("ShareRecord", valid), ("Refused", refused), ("HybridShareRecord", hybrid.valid),
                ("HybridRefused", hybrid.refused),
            ])
    }

    /// Version 2 cases: Bob with a post-quantum key; every random draw after the version 1 cases' (whose bytes
    /// stay as they were).
    static func hybridCases(
        _ random: inout DeterministicRandom, owner: IdentityKeyPair, label: String
    ) throws -> (valid: [ShareRecordCase], refused: [ShareRecordCase]) {
        let bob = try IdentityKeyPair(
            agreementSecret: random.secret(32), signingSeed: random.secret(32), hybridSeed: random.secret(32))
        let carol = try IdentityKeyPair(
            agreementSecret: random.secret(32), signingSeed: random.secret(32), hybridSeed: random.secret(32))
        func make(
            _ name: String, epoch: UInt32, to recipient: IdentityKeyPair = bob
        ) throws -> (ShareRecord, FolderKey) {
            let key = try FolderKey(random.secret(32))
            let record = try ShareRecord.make(
                treeOwner: owner.accountID, folder: NodeID(bytes: random.bytes(16)), recipient: recipient.publicKeys,
                epoch: epoch, key: key, name: name, signer: VaultSigner(identity: owner),
                encapsulationSeed: random.secret(64), nonce: random.bytes(24))
            return (record, key)
        }
        func test(_ comment: String, _ made: (ShareRecord, FolderKey), name: String) -> ShareRecordCase {
            ShareRecordCase(
                comment: comment, flags: ["PostQuantum"], record: Hex.encode(made.0.encoded),
                recipientAgreementSecret: Hex.encode(bob.agreement.rawRepresentation.revealedBytes()),
                recipientSigningSeed: Hex.encode(bob.signing.seed.revealedBytes()),
                recipientHybridSeed: bob.hybrid.map { Hex.encode($0.seed.revealedBytes()) },
                ownerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                ownerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), folderId: made.0.folder.hex,
                epoch: made.0.epoch, folderKey: Hex.encode(made.1.secret.revealedBytes()), folderName: name,
                result: "valid")
        }
        let base = try make("team", epoch: 1)
        let valid = [
            test("post-quantum share, epoch 1", base, name: "team"),
            test("post-quantum share, epoch 7", try make("Ablage 2026", epoch: 7), name: "Ablage 2026"),
        ]
        let bytes = base.0.encoded
        let encStart = 4 + 1 + 16 * 3 + 4
        let encEnd = encStart + MLKEM768X25519.encapsulatedKeyByteCount
        let toCarol = try make("team", epoch: 1, to: carol)
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ change: (inout ShareRecordCase) -> Void)
            -> ShareRecordCase
        {
            var refused = test(comment, base, name: "team")
            (refused.folderId, refused.epoch, refused.folderKey, refused.folderName) = (nil, nil, nil, nil)
            refused.flags = [flag]
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        func resigned(_ edit: (inout [UInt8]) -> Void) -> String {
            var copy = bytes
            edit(&copy)
            return Hex.encode(VaultVectors.resign(copy, label: label, with: owner))
        }
        let refused = [
            invalid(
                "opened without the post-quantum key (the recipient's classical keys only)", "Unwrap",
                "keyUnwrapFailed"
            ) { $0.recipientHybridSeed = nil },
            invalid("opened with another post-quantum key", "Unwrap", "keyUnwrapFailed") {
                $0.recipientHybridSeed = carol.hybrid.map { Hex.encode($0.seed.revealedBytes()) }
            },
            invalid("ML-KEM ciphertext byte flipped (re-signed): implicit rejection", "Unwrap", "keyUnwrapFailed") {
                $0.record = resigned { $0[encStart + 100] ^= 1 }
            },
            invalid("X25519 share of the encapsulation flipped (re-signed)", "Unwrap", "keyUnwrapFailed") {
                $0.record = resigned { $0[encEnd - 5] ^= 1 }
            },
            invalid("encapsulation of a share to another account (re-signed)", "Unwrap", "keyUnwrapFailed") {
                let other = toCarol.0.encoded
                $0.record = resigned { $0.replaceSubrange(encStart..<encEnd, with: other[encStart..<encEnd]) }
            },
            invalid("encapsulated key one byte short (re-signed)", "Layout", "malformedRecord") {
                $0.record = resigned { $0.remove(at: encStart) }
            },
            invalid("encapsulated key one byte long (re-signed)", "Layout", "malformedRecord") {
                $0.record = resigned { $0.insert(0, at: encStart) }
            },
            invalid("relabelled version 1 (re-signed)", "Downgrade", "malformedRecord") {
                $0.record = resigned { $0[4] = 1 }
            },
            invalid(
                "cut down to an X25519 share: 32 bytes of the encapsulation kept, version 1 (re-signed)", "Downgrade",
                "keyUnwrapFailed"
            ) {
                $0.record = resigned {
                    $0[4] = 1
                    $0.removeSubrange((encStart + 32)..<encEnd)
                }
            },
            invalid("relabelled version 1 without a new signature", "Downgrade", "malformedRecord") {
                var copy = bytes
                copy[4] = 1
                $0.record = Hex.encode(copy)
            },
            invalid("addressed to another account", "Placement", "recordMisplaced") {
                $0.record = Hex.encode(toCarol.0.encoded)
            },
            invalid("signature byte flipped", "Signature", "signatureInvalid") {
                $0.record = Hex.encode(VaultVectors.flip(bytes, bytes.count - 1))
            },
        ]
        return (valid, refused)
    }
}
