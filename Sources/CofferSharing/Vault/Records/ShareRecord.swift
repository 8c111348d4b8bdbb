// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder shared with one person (Spec/vault.md §7.2), signed by the tree's owner. Two versions, one per kind
/// of recipient key:
///
/// `body = treeOwner ‖ folderID ‖ recipient(16) ‖ BE32(epoch) ‖ encapsulation ‖ BE32(len) ‖ sealed`,
/// `sealed = nonce ‖ XChaCha20-Poly1305(wrapKey, nonce, folderKey[epoch] ‖ BE16(len) ‖ folderName,
/// aad: "CFVS" ‖ version ‖ body up to the encapsulation)`, where
/// - version 1 (X25519): `encapsulation = ephemeral(32)`, `wrapKey = HKDF-SHA-256(ikm: X25519(e, R),
///   salt: ephemeral ‖ R, info: "coffer/v1/vault/share")`;
/// - version 2 (MLKEM768-X25519, for a recipient whose bundle has a post-quantum key):
///   `encapsulation = enc(1120)`, `(ss, enc) = X-Wing.Encapsulate(R)`,
///   `wrapKey = HKDF-SHA-256(ikm: ss, salt: "", info: "coffer/v1/vault/hybrid-share")`.
///
/// One key encapsulation and one signature per recipient, whatever the folder holds: the folder key reaches every
/// file and subfolder through the hierarchy, and older epochs through the chain.
package struct ShareRecord: Sendable, Equatable {
    static let magic = "CFVS"
    static let kindName = "share"
    static let maximumSealedByteCount = 1024
    static let classicalVersion: UInt8 = 1
    static let postQuantumVersion: UInt8 = 2

    package let treeOwner: AccountID
    package let folder: NodeID
    package let recipient: AccountID
    package let epoch: UInt32
    /// The X25519 ephemeral key (version 1) or the X-Wing encapsulated key (version 2).
    let encapsulation: [UInt8]
    let sealed: [UInt8]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    /// 1 for an X25519 share, 2 for an MLKEM768-X25519 share.
    package var version: UInt8 { envelope.version }

    /// True when the folder key is wrapped to the recipient's post-quantum key: recording this record today does
    /// not let a future quantum computer open it.
    package var isPostQuantum: Bool { version == Self.postQuantumVersion }

    static func encapsulationByteCount(version: UInt8) -> Int { RecipientWrap.encapsulationByteCount(version: version) }
    static let labels = RecipientWrap.Labels(classical: VaultLabel.share, hybrid: VaultLabel.hybridShare, what: "share")

    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(
            parsing: bytes, kind: Self.kindName, magic: Self.magic,
            versions: [Self.classicalVersion, Self.postQuantumVersion])
        var reader = RecordReader(envelope.body)
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            folder = try reader.nodeID("folder id")
            recipient = try reader.accountID("recipient")
            epoch = try reader.uint32("epoch")
            encapsulation = try reader.take(
                Self.encapsulationByteCount(version: envelope.version),
                envelope.version == Self.postQuantumVersion ? "encapsulated key" : "ephemeral key")
            sealed = try reader.lengthPrefixed("sealed key", maximum: Self.maximumSealedByteCount)
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        guard epoch >= 1 else { throw .malformedRecord(kind: Self.kindName, reason: "epoch starts at 1") }
        guard sealed.count >= VaultBox.overhead + FolderKey.byteCount + 2 else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed key is too short")
        }
        encoded = bytes
    }

    /// The account that signed the share (must be the tree's owner).
    package var signer: AccountID { envelope.signer }

    /// Reader rules in order: addressed to `me` and signed by the owner it names (`recordMisplaced`) → the owner is
    /// a verified contact (`untrustedContact`, checked by the caller who resolves `owner`) → signature → unwrap.
    package func open(
        me: IdentityKeyPair, owner: IdentityPublicKeys, counter: VaultOperationCounter? = nil
    ) throws(VaultError) -> (key: FolderKey, name: String) {
        guard recipient == me.accountID else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is addressed to \(recipient.hex)")
        }
        guard signer == treeOwner, owner.accountID == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is not signed by the owner of the folder it names")
        }
        try envelope.verify(label: VaultLabel.shareRecord, writers: VaultWriters([owner]), counter: counter)
        let wrapKey = try RecipientWrap.unwrapKey(
            version: version, encapsulation: encapsulation, me: me, labels: Self.labels, counter: counter)
        guard let plaintext = VaultBox.openSecret(sealed, key: wrapKey, aad: Self.aad(envelope.signed)) else {
            throw .keyUnwrapFailed(kind: "share")
        }
        // The record's parser checked the sealing holds at least the key and the name length.
        guard let (key, fields) = SealedKeyPlaintext.split(plaintext, keyCount: FolderKey.byteCount),
            fields.count >= 2
        else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed key has the wrong layout")
        }
        let nameLength = Int(fields[0]) << 8 | Int(fields[1])
        guard fields.count == 2 + nameLength, let name = String(validating: fields[2...], as: UTF8.self) else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed key has the wrong layout")
        }
        return (FolderKey(validated: key), name)
    }

    /// Wraps `key` (epoch `epoch` of `folder`) to `recipient` and signs it as the owner: to the recipient's
    /// post-quantum key when its bundle has one (version 2), else to its X25519 key (version 1). `ephemeral`,
    /// `encapsulationSeed` and `nonce` are for reproducible vectors only.
    package static func make(
        treeOwner: AccountID, folder: NodeID, recipient: IdentityPublicKeys, epoch: UInt32,
        key: FolderKey, name: String, signer: VaultSigner, ephemeral: X25519.PrivateKey = X25519.PrivateKey(),
        encapsulationSeed: SecretBytes? = nil, nonce: [UInt8]? = nil
    ) throws(VaultError) -> ShareRecord {
        let wrap = try RecipientWrap.wrapKey(
            to: recipient, labels: labels, counter: signer.counter, ephemeral: ephemeral,
            encapsulationSeed: encapsulationSeed)
        let version = wrap.version
        let encapsulation = wrap.encapsulation
        let wrapKey = wrap.key
        var body = RecordWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(recipient.accountID.bytes)
        body.append(epoch)
        let aad = Array(magic.utf8) + [version] + body.bytes
        body.append(encapsulation)
        var fields = RecordWriter()
        fields.append(UInt16(name.utf8.count))
        fields.append(ascii: name)
        let plaintext = SealedKeyPlaintext.join(key.secret, fields.bytes)
        let sealed = VaultBox.seal(secret: plaintext, key: wrapKey, aad: aad, nonce: nonce)
        body.append(lengthPrefixed: sealed)
        return try ShareRecord(
            parsing: SignedRecord.make(
                magic: magic, version: version, body: body.bytes, label: VaultLabel.shareRecord, signer: signer))
    }

    /// The AAD: the signed bytes before the encapsulation (magic, version, owner, folder, recipient, epoch).
    static func aad(_ signed: [UInt8]) -> [UInt8] { Array(signed.prefix(4 + 1 + 16 * 3 + 4)) }
}
