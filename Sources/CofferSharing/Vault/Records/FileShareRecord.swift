// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// One version of one file shared with one person (Spec/vault.md §7.4), signed by the tree's owner:
///
/// `body = treeOwner ‖ parentID ‖ nodeID ‖ recipient(16) ‖ nodeHash(32) ‖ encapsulation ‖ BE32(len) ‖ sealed`,
/// `sealed = box(wrapKey, "CFVF" ‖ version ‖ body up to the encapsulation, fileKey ‖ BE64(size) ‖ BE16(len) ‖ name)`,
/// with the encapsulation and `wrapKey` of a share record (§7.2) under the labels `coffer/v1/vault/file-share`
/// (version 1, X25519) and `coffer/v1/vault/hybrid-file-share` (version 2, MLKEM768-X25519).
///
/// It carries one file key and never a folder key: the file's siblings and other versions stay unreadable.
/// `nodeHash` pins the version's immutable node record, whose commitment pins the header and payload nonce.
package struct FileShareRecord: Sendable, Equatable {
    static let magic = "CFVF"
    static let kindName = "file share"
    /// The longest plaintext: file key, size, name length and a 255-byte name, in a box.
    static let maximumSealedByteCount =
        VaultBox.overhead + FileKey.byteCount + 8 + 2 + NodeMetadata.maximumNameByteCount
    static let minimumSealedByteCount = VaultBox.overhead + FileKey.byteCount + 8 + 2 + 1
    /// 5 + 96 fixed + 1,120 + 4 + 321 sealed + 80 = 1,626 bytes (Spec/vault.md §10.5).
    static let maximumByteCount =
        VaultRecordLimit.envelope + 96 + MLKEM768X25519.encapsulatedKeyByteCount + 4 + maximumSealedByteCount
    static let labels = RecipientWrap.Labels(
        classical: VaultLabel.fileShare, hybrid: VaultLabel.hybridFileShare, what: "file share")

    package let treeOwner: AccountID
    package let parent: NodeID
    package let node: NodeID
    package let recipient: AccountID
    /// SHA-256 of the shared version's node record.
    package let nodeHash: [UInt8]
    let encapsulation: [UInt8]
    let sealed: [UInt8]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    /// 1 for an X25519 share, 2 for an MLKEM768-X25519 share.
    package var version: UInt8 { envelope.version }
    package var isPostQuantum: Bool { version == RecipientWrap.postQuantumVersion }
    /// The account that signed it (must be the tree's owner).
    package var signer: AccountID { envelope.signer }

    /// What the sealed box holds.
    package struct Opened: Sendable {
        package let fileKey: FileKey
        package let size: UInt64
        package let name: String
    }

    /// Layout only (`malformedRecord`, `unsupportedVersion`); nothing is trusted yet.
    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(
            parsing: bytes, kind: Self.kindName, magic: Self.magic,
            versions: [RecipientWrap.classicalVersion, RecipientWrap.postQuantumVersion])
        var reader = RecordReader(envelope.body)
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            parent = try reader.nodeID("parent id")
            node = try reader.nodeID("node id")
            recipient = try reader.accountID("recipient")
            nodeHash = try reader.take(32, "node record hash")
            encapsulation = try reader.take(
                RecipientWrap.encapsulationByteCount(version: envelope.version),
                envelope.version == RecipientWrap.postQuantumVersion ? "encapsulated key" : "ephemeral key")
            sealed = try reader.lengthPrefixed("sealed file key", maximum: Self.maximumSealedByteCount)
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        guard sealed.count >= Self.minimumSealedByteCount else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed file key is too short")
        }
        encoded = bytes
    }

    /// Reader rules in order (§7.4 steps 3, 5, 6): read under `node`'s name, addressed to `me`, signed by the owner
    /// it names, who is `owner` (`recordMisplaced`) → signature (`signatureInvalid`) → unwrap (`keyUnwrapFailed`)
    /// → the plaintext's layout (`malformedRecord`).
    package func open(
        me: IdentityKeyPair, owner: IdentityPublicKeys, node expected: NodeID? = nil,
        counter: VaultOperationCounter? = nil
    ) throws(VaultError) -> Opened {
        if let expected, expected != node {
            throw .recordMisplaced(kind: Self.kindName, reason: "it shares node \(node.hex), read for \(expected.hex)")
        }
        guard recipient == me.accountID else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is addressed to \(recipient.hex)")
        }
        guard signer == treeOwner, owner.accountID == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is not signed by the owner of the file it names")
        }
        try envelope.verify(label: VaultLabel.fileShareRecord, writers: VaultWriters([owner]), counter: counter)
        let wrapKey = try RecipientWrap.unwrapKey(
            version: version, encapsulation: encapsulation, me: me, labels: Self.labels, counter: counter)
        guard let plaintext = VaultBox.openSecret(sealed, key: wrapKey, aad: Self.aad(envelope.signed)) else {
            throw .keyUnwrapFailed(kind: Self.kindName)
        }
        guard let (key, fields) = SealedKeyPlaintext.split(plaintext, keyCount: FileKey.byteCount),
            fields.count >= 8 + 2
        else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed file key has the wrong layout")
        }
        let size = fields[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let nameLength = Int(fields[8]) << 8 | Int(fields[9])
        guard fields.count == 10 + nameLength, let name = String(validating: fields[10...], as: UTF8.self),
            (try? NodeMetadata.checkName(name)) != nil
        else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed file key has the wrong layout")
        }
        let fileKey: FileKey
        do {
            fileKey = try FileKey(secret: key)
        } catch {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed file key has the wrong layout")
        }
        return Opened(fileKey: fileKey, size: size, name: name)
    }

    /// Wraps `fileKey` (the content key of the node record `nodeRecord`, whose hash it pins) to `recipient` and
    /// signs it as the owner: version 2 when the recipient's bundle has a post-quantum key, else version 1.
    /// `ephemeral`, `encapsulationSeed` and `nonce` are for reproducible vectors only.
    package static func make(
        nodeRecord: NodeRecord, recipient: IdentityPublicKeys, fileKey: FileKey, size: UInt64, name: String,
        signer: VaultSigner, ephemeral: X25519.PrivateKey = X25519.PrivateKey(),
        encapsulationSeed: SecretBytes? = nil, nonce: [UInt8]? = nil
    ) throws(VaultError) -> FileShareRecord {
        let wrap = try RecipientWrap.wrapKey(
            to: recipient, labels: labels, counter: signer.counter, ephemeral: ephemeral,
            encapsulationSeed: encapsulationSeed)
        var body = RecordWriter()
        body.append(nodeRecord.treeOwner.bytes)
        body.append(nodeRecord.parent.bytes)
        body.append(nodeRecord.id.bytes)
        body.append(recipient.accountID.bytes)
        body.append(nodeRecord.hash)
        let aad = Array(magic.utf8) + [wrap.version] + body.bytes
        body.append(wrap.encapsulation)
        var fields = RecordWriter()
        fields.append(size)
        fields.append(UInt16(name.utf8.count))
        fields.append(ascii: name)
        let plaintext = SealedKeyPlaintext.join(fileKey.secret, fields.bytes)
        let sealed = VaultBox.seal(secret: plaintext, key: wrap.key, aad: aad, nonce: nonce)
        body.append(lengthPrefixed: sealed)
        return try FileShareRecord(
            parsing: SignedRecord.make(
                magic: magic, version: wrap.version, body: body.bytes, label: VaultLabel.fileShareRecord,
                signer: signer))
    }

    /// §7.4 step 7 on the bytes found under `hex(node).node-hex(nodeHash[0:16])` (nil: none): present
    /// (`childMissing`), its SHA-256 the pinned hash (`manifestMismatch`), its layout, and naming this share's tree,
    /// node and folder and kind file (`recordMisplaced`). Its signature is not checked: the owner-signed share pins
    /// its hash, and the recipient does not know the folder's writers.
    package func checkNodeRecord(_ bytes: [UInt8]?) throws(VaultError) -> NodeRecord {
        guard let bytes else { throw .childMissing(node: node.hex) }
        guard ConstantTime.equals(SHA256.hash(bytes), nodeHash) else { throw .manifestMismatch(node: node.hex) }
        let record = try NodeRecord(parsing: bytes)
        try record.checkPlacement(treeOwner: treeOwner, id: node, parent: parent, kind: .file)
        return record
    }

    /// The AAD: the signed bytes before the encapsulation (magic, version, owner, parent, node, recipient, hash).
    static func aad(_ signed: [UInt8]) -> [UInt8] { Array(signed.prefix(4 + 1 + 16 * 4 + 32)) }
}
