// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder shared with one person (Spec/vault.md §7):
///
/// `body = treeOwner ‖ folderID ‖ recipient(16) ‖ BE32(epoch) ‖ ephemeral(32) ‖ BE32(len) ‖ sealed`,
/// `sealed = nonce ‖ XChaCha20-Poly1305(HKDF-SHA-256(ikm: X25519(e, R), salt: ephemeral ‖ R,
/// info: "coffer/v1/vault/share"), nonce, folderKey[epoch] ‖ BE16(len) ‖ folderName, aad: "CFVS" ‖ 0x01 ‖ body up
/// to the ephemeral key)`, signed by the tree's owner.
///
/// One X25519 operation and one signature per recipient, whatever the folder holds: the folder key reaches every
/// file and subfolder through the hierarchy, and older epochs through the chain.
public struct ShareRecord: Sendable, Equatable {
    static let magic = "CFVS"
    static let kindName = "share"
    static let maximumSealedByteCount = 1024

    public let treeOwner: AccountID
    public let folder: NodeID
    public let recipient: AccountID
    public let epoch: UInt32
    let ephemeral: [UInt8]
    let sealed: [UInt8]
    let envelope: SignedRecord
    public let encoded: [UInt8]

    public init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = VaultReader(envelope.body, kind: Self.kindName)
        treeOwner = try reader.accountID("tree owner")
        folder = try reader.nodeID("folder id")
        recipient = try reader.accountID("recipient")
        epoch = try reader.uint32("epoch")
        ephemeral = try reader.take(32, "ephemeral key")
        sealed = try reader.lengthPrefixed("sealed key", maximum: Self.maximumSealedByteCount)
        try reader.finish()
        guard epoch >= 1 else { throw .malformedRecord(kind: Self.kindName, reason: "epoch starts at 1") }
        guard sealed.count >= VaultBox.overhead + FolderKey.byteCount + 2 else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed key is too short")
        }
        encoded = bytes
    }

    /// The account that signed the share (must be the tree's owner).
    public var signer: AccountID { envelope.signer }

    /// Reader rules in order: addressed to `me` and signed by the owner it names (`recordMisplaced`) → the owner is
    /// a verified contact (`untrustedContact`, checked by the caller who resolves `owner`) → signature → unwrap.
    public func open(
        me: IdentityKeyPair, owner: IdentityPublicKeys, counter: VaultOperationCounter? = nil
    ) throws(VaultError) -> (key: FolderKey, name: String) {
        guard recipient == me.accountID else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is addressed to \(recipient.hex)")
        }
        guard signer == treeOwner, owner.accountID == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is not signed by the owner of the folder it names")
        }
        try envelope.verify(label: VaultLabel.shareRecord, writers: VaultWriters([owner]), counter: counter)
        counter?.countX25519()
        guard let peer = try? X25519.PublicKey(rawRepresentation: ephemeral),
            let shared = try? me.agreement.sharedSecret(with: peer)
        else { throw .keyUnwrapFailed(kind: "share") }
        let recipientKey = me.agreement.publicKey.rawRepresentation
        let wrapKey = try! HKDF<SHA256>.deriveKey(
            inputKeyMaterial: shared, salt: ephemeral + recipientKey, info: Array(VaultLabel.share.utf8),
            outputByteCount: 32)
        guard let plaintext = VaultBox.openSecret(sealed, key: wrapKey, aad: Self.aad(envelope.signed)) else {
            throw .keyUnwrapFailed(kind: "share")
        }
        let bytes = plaintext.revealedBytes()
        let nameLength = Int(bytes[32]) << 8 | Int(bytes[33])
        guard bytes.count == 34 + nameLength, let name = String(validating: bytes[34...], as: UTF8.self) else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed key has the wrong layout")
        }
        return (FolderKey(validated: SecretBytes(bytes[..<32])), name)
    }

    /// Wraps `key` (epoch `epoch` of `folder`) to `recipient` and signs it as the owner.
    public static func make(
        treeOwner: AccountID, folder: NodeID, recipient: IdentityPublicKeys, epoch: UInt32,
        key: FolderKey, name: String, signer: VaultSigner, ephemeral: X25519.PrivateKey = X25519.PrivateKey(),
        nonce: [UInt8]? = nil
    ) throws(VaultError) -> ShareRecord {
        signer.counter?.countX25519(2)
        let share = ephemeral.publicKey.rawRepresentation
        guard let shared = try? ephemeral.sharedSecret(with: recipient.agreement) else {
            throw .keyUnwrapFailed(kind: "share (the recipient's X25519 key is a low-order point)")
        }
        let wrapKey = try! HKDF<SHA256>.deriveKey(
            inputKeyMaterial: shared, salt: share + recipient.agreement.rawRepresentation,
            info: Array(VaultLabel.share.utf8), outputByteCount: 32)
        var body = VaultWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(recipient.accountID.bytes)
        body.append(epoch)
        let aad = Array(magic.utf8) + [1] + body.bytes
        body.append(share)
        var plaintext = VaultWriter()
        plaintext.append(key.secret.revealedBytes())
        plaintext.append(UInt16(name.utf8.count))
        plaintext.append(ascii: name)
        let sealed = VaultBox.seal(plaintext.bytes, key: wrapKey, aad: aad, nonce: nonce)
        body.append(UInt32(sealed.count))
        body.append(sealed)
        return try! ShareRecord(
            parsing: SignedRecord.make(magic: magic, body: body.bytes, label: VaultLabel.shareRecord, signer: signer))
    }

    /// The AAD: the signed bytes before the ephemeral key.
    static func aad(_ signed: [UInt8]) -> [UInt8] { Array(signed.prefix(4 + 1 + 16 * 3 + 4)) }
}
