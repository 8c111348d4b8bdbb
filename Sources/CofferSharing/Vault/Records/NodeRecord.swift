// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// The signed record of one file or folder (Spec/vault.md §4):
///
/// `body = treeOwner(16) ‖ nodeID(16) ‖ parentID(16) ‖ kind(1) ‖ BE64(version) ‖ BE32(epoch) ‖ commitment(32) ‖
/// BE32(len) ‖ sealed`, `sealed = nonce ‖ XChaCha20-Poly1305(HKDF(parentKey[epoch], "coffer/v1/vault/metadata"),
/// nonce, metadata, aad: "CFVN" ‖ 0x01 ‖ body up to the commitment)`.
///
/// The AAD binds the name to the node, its place, its version and its content (`commitment = SHA-256(age header ‖
/// payload nonce)`), so no encrypted name can be moved to another node, folder or content, even by a member.
package struct NodeRecord: Sendable, Equatable {
    /// Whether a node is a file or a folder.
    package enum Kind: UInt8, Sendable {
        /// A file: its content is an age file.
        case file = 1
        /// A folder: its children are listed in its signed listing.
        case folder = 2
    }
    static let magic = "CFVN"
    static let kindName = "node"
    /// Room for the longest name and content type and a history of `NodeMetadata.maximumPreviousVersions`.
    static let maximumSealedByteCount = 1280

    package let treeOwner: AccountID
    package let id: NodeID
    package let parent: NodeID
    package let kind: Kind
    package let version: UInt64
    package let epoch: UInt32
    /// `SHA-256(header ‖ nonce)` of the content (32 zero bytes for folders).
    package let commitment: [UInt8]
    let sealed: [UInt8]
    let envelope: SignedRecord
    /// The record's bytes; the folder listing pins `SHA-256(encoded)`.
    package let encoded: [UInt8]

    /// Parses the layout only (`malformedRecord`, `unsupportedVersion`).
    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = RecordReader(envelope.body)
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            id = try reader.nodeID("node id")
            parent = try reader.nodeID("parent id")
            guard let kind = Kind(rawValue: try reader.byte("kind")) else {
                throw RecordDecodingError(field: "kind", problem: .invalid("kind is neither 1 (file) nor 2 (folder)"))
            }
            self.kind = kind
            version = try reader.uint64("version")
            epoch = try reader.uint32("epoch")
            commitment = try reader.take(32, "commitment")
            sealed = try reader.lengthPrefixed("sealed metadata", maximum: Self.maximumSealedByteCount)
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        guard version >= 1, epoch >= 1 else {
            throw .malformedRecord(kind: Self.kindName, reason: "version and epoch start at 1")
        }
        guard sealed.count >= VaultBox.overhead else {
            throw .malformedRecord(kind: Self.kindName, reason: "sealed metadata shorter than nonce and tag")
        }
        encoded = bytes
    }

    /// The record `envelope` signs, whose body holds exactly these fields (the writers' form: nothing to re-parse).
    private init(
        treeOwner: AccountID, id: NodeID, parent: NodeID, kind: Kind, version: UInt64, epoch: UInt32,
        commitment: [UInt8], sealed: [UInt8], envelope: SignedRecord
    ) {
        self.treeOwner = treeOwner
        self.id = id
        self.parent = parent
        self.kind = kind
        self.version = version
        self.epoch = epoch
        self.commitment = commitment
        self.sealed = sealed
        self.envelope = envelope
        encoded = envelope.encoded
    }

    /// `checkPlacement`: the record must name the tree, node, folder and kind it was read for (`recordMisplaced`).
    package func checkPlacement(treeOwner: AccountID, id: NodeID, parent: NodeID, kind: Kind?) throws(VaultError) {
        func misplaced(_ what: String) -> VaultError { .recordMisplaced(kind: Self.kindName, reason: what) }
        guard self.treeOwner == treeOwner else { throw misplaced("it belongs to another account's tree") }
        guard self.id == id else { throw misplaced("it is the record of node \(self.id.hex), read for \(id.hex)") }
        guard self.parent == parent else {
            throw misplaced("it names folder \(self.parent.hex) as parent, read in \(parent.hex)")
        }
        if let kind, kind != self.kind { throw misplaced("its kind differs from the folder listing's") }
    }

    /// Signer allowed and signature valid.
    package func verifySignature(writers: VaultWriters, counter: VaultOperationCounter? = nil) throws(VaultError) {
        try envelope.verify(label: VaultLabel.nodeRecord, writers: writers, counter: counter)
    }

    package var signer: AccountID { envelope.signer }

    /// Decrypts the metadata with the parent folder's key of `epoch` (`epochKeyUnavailable`,
    /// `metadataAuthenticationFailed`).
    package func openMetadata(parentKeys: EpochKeys) throws(VaultError) -> NodeMetadata {
        let key = try parentKeys.key(epoch).derive(VaultLabel.metadata)
        guard let plaintext = VaultBox.open(sealed, key: key, aad: Self.aad(envelope.signed)) else {
            throw .metadataAuthenticationFailed(node: id.hex)
        }
        let metadata = try NodeMetadata(decoding: plaintext)
        // An earlier version is older than this one (§4.1); a folder has none.
        guard metadata.previous.allSatisfy({ $0.version < version }), kind == .file || metadata.previous.isEmpty else {
            throw .malformedRecord(kind: Self.kindName, reason: "its history names a version not older than its own")
        }
        return metadata
    }

    /// Writes and signs a node record.
    package static func seal(
        treeOwner: AccountID, id: NodeID, parent: NodeID, kind: Kind, version: UInt64, epoch: UInt32,
        parentKey: FolderKey, commitment: [UInt8], metadata: NodeMetadata, signer: VaultSigner, nonce: [UInt8]? = nil
    ) -> NodeRecord {
        seal(
            treeOwner: treeOwner, id: id, parent: parent, kind: kind, version: version, epoch: epoch,
            parentKey: parentKey, commitment: commitment, metadataBytes: metadata.encoded, signer: signer, nonce: nonce)
    }

    /// Writes and signs a node record around metadata bytes as given (the test-vector generator's refused cases;
    /// at most `maximumSealedByteCount` sealed).
    package static func seal(
        treeOwner: AccountID, id: NodeID, parent: NodeID, kind: Kind, version: UInt64, epoch: UInt32,
        parentKey: FolderKey, commitment: [UInt8], metadataBytes: [UInt8], signer: VaultSigner, nonce: [UInt8]? = nil
    ) -> NodeRecord {
        var head = RecordWriter()
        head.append(treeOwner.bytes)
        head.append(id.bytes)
        head.append(parent.bytes)
        head.append(kind.rawValue)
        head.append(version)
        head.append(epoch)
        head.append(commitment)
        let aad = Array(magic.utf8) + [1] + head.bytes
        let sealed = VaultBox.seal(metadataBytes, key: parentKey.derive(VaultLabel.metadata), aad: aad, nonce: nonce)
        head.append(lengthPrefixed: sealed)
        return NodeRecord(
            treeOwner: treeOwner, id: id, parent: parent, kind: kind, version: version, epoch: epoch,
            commitment: commitment, sealed: sealed,
            envelope: SignedRecord(
                kind: kindName, magic: magic, body: head.bytes, label: VaultLabel.nodeRecord, signer: signer))
    }

    /// The same record signed by `signer` (the owner adopting a removed member's earlier write; the body, hence
    /// the sealed metadata and its AAD, is unchanged).
    package func resigned(by signer: VaultSigner) -> NodeRecord {
        NodeRecord(
            treeOwner: treeOwner, id: id, parent: parent, kind: kind, version: version, epoch: epoch,
            commitment: commitment, sealed: sealed,
            envelope: SignedRecord(
                kind: Self.kindName, magic: Self.magic, body: envelope.body, label: VaultLabel.nodeRecord,
                signer: signer))
    }

    /// The metadata AAD: the signed bytes up to and including the commitment.
    static func aad(_ signed: [UInt8]) -> [UInt8] { Array(signed.prefix(4 + 1 + 16 * 3 + 1 + 8 + 4 + 32)) }

    /// `SHA-256(record)`: what a folder listing pins.
    package var hash: [UInt8] { SHA256.hash(encoded) }
}
