// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_intent_record.json`: the intent record of a multi-step operation (Spec/vault.md §10.9), read as
/// `vault repair` reads it: layout → this account's and signed by it → signature → the box opens under the root
/// wrap key → a known operation.
package struct IntentRecordCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    /// The owner's public keys and root wrap key (test-only secret).
    package var ownerAgreementKey: String
    package var ownerSigningKey: String
    package var rootWrapKey: String
    package var operation: UInt8?
    package var folderId: String?
    package var member: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let owner = try VaultVectors.writers(agreement: ownerAgreementKey, signing: ownerSigningKey)
        let intent = try VaultIntent(
            parsing: Hex.decode(record), owner: owner, wrapKey: FolderKey(SecretBytes(Hex.decode(rootWrapKey))))
        return VaultVectors.compare("operation", intent.operation.rawValue, operation)
            ?? VaultVectors.compare("folderId", intent.folder.hex, folderId)
            ?? VaultVectors.compare("member", intent.member.hex, member)
    }
}

package struct IntentRecordGenerator: VectorGenerator {
    package let fileName = "vault_intent_record.json"
    package static let algorithm = "coffer-vault-intent-record"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let wrapKey = try FolderKey(random.secret(32))
        let label = "coffer/v1/vault/intent-record"
        func make(signer: IdentityKeyPair? = nil, key: FolderKey? = nil) throws -> VaultIntent.Made {
            let intent = VaultIntent(
                id: try NodeID(bytes: random.bytes(16)), operation: .unshare,
                folder: try NodeID(bytes: random.bytes(16)), member: try AccountID(bytes: random.bytes(16)))
            let bytes = intent.encoded(
                owner: owner.accountID, wrapKey: key ?? wrapKey, signer: VaultSigner(identity: signer ?? owner),
                nonce: random.bytes(24))
            return VaultIntent.Made(intent: intent, bytes: bytes)
        }
        func test(_ comment: String, _ made: VaultIntent.Made) -> IntentRecordCase {
            IntentRecordCase(
                comment: comment, flags: [], record: Hex.encode(made.bytes),
                ownerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                ownerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation),
                rootWrapKey: Hex.encode(wrapKey.secret.revealedBytes()), operation: made.intent.operation.rawValue,
                folderId: made.intent.folder.hex, member: made.intent.member.hex, result: "valid")
        }
        let base = try make()
        let valid = [test("an unshare", base), test("another unshare", try make())]
        let bytes = base.bytes
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ record: [UInt8]) -> IntentRecordCase {
            var refused = test(comment, base)
            (refused.operation, refused.folderId, refused.member) = (nil, nil, nil)
            refused.flags = [flag]
            refused.result = "invalid"
            refused.expect = expect
            refused.record = Hex.encode(record)
            return refused
        }
        var version2 = bytes
        version2[4] = 2
        var wrongMagic = bytes
        wrongMagic[3] = UInt8(ascii: "S")
        var claimsMallory = bytes
        claimsMallory.replaceSubrange(5..<21, with: mallory.accountID.bytes)
        // An operation byte of 2 (unknown), sealed properly under the root wrap key and re-signed by the owner.
        let unknownOperation = VaultIntent.sealedForVectors(
            payload: [2] + base.intent.folder.bytes + base.intent.member.bytes, owner: owner.accountID,
            id: base.intent.id, wrapKey: wrapKey, signer: VaultSigner(identity: owner), nonce: random.bytes(24))
        let refused = [
            invalid("truncated", "Layout", "malformedRecord", Array(bytes.dropLast())),
            invalid(
                "one byte longer (re-signed)", "Layout", "malformedRecord",
                VaultVectors.resign(
                    Array(bytes.dropLast(80)) + [0] + Array(bytes.suffix(80)), label: label, with: owner)),
            invalid("format version 2", "Layout", "unsupportedVersion", version2),
            invalid("another kind's magic", "Layout", "malformedRecord", wrongMagic),
            invalid("signed by another account", "Placement", "recordMisplaced", try make(signer: mallory).bytes),
            invalid("names another tree owner", "Placement", "recordMisplaced", claimsMallory),
            invalid("sealed operation flipped", "Signature", "signatureInvalid", VaultVectors.flip(bytes, 60)),
            invalid(
                "sealed operation flipped (re-signed by the owner)", "Unwrap", "keyUnwrapFailed",
                VaultVectors.resign(VaultVectors.flip(bytes, 60), label: label, with: owner)),
            invalid(
                "sealed under another key", "Unwrap", "keyUnwrapFailed",
                try make(key: FolderKey(random.secret(32))).bytes),
            invalid("unknown operation 2", "Operation", "malformedRecord", unknownOperation),
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault intent records, Spec/vault.md section 10.9: the operation, folder and member of an unshare",
                "under way, sealed (XChaCha20-Poly1305, key HKDF-SHA-256(rootWrapKey, \"coffer/v1/vault/intent\"),",
                "aad \"CFVI\" || 0x01 || owner || intent id) and signed by the tree's owner.",
            ],
            notes: [
                "Layout": "length, magic, version",
                "Placement": "names this account and is signed by it",
                "Signature": "Ed25519 over \"coffer/v1/vault/intent-record\" || 0x00 || the record before the signature",
                "Unwrap": "the box opens only under the owner's root wrap key and the record's fields",
                "Operation": "a known operation byte (1 = unshare)",
            ],
            groups: [("IntentRecord", valid), ("Refused", refused)])
    }
}
