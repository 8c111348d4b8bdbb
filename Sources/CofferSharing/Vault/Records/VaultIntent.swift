// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// What a multi-step operation is about to do, written before its first commit and removed after its last, so
/// that `vault repair` can finish (or roll back) it when the process was interrupted (Spec/vault.md §10.9):
///
/// `body = treeOwner(16) ‖ intentID(16) ‖ sealed(73)`, `sealed = box(KDF(rootWrapKey, "coffer/v1/vault/intent"),
/// "CFVI" ‖ 0x01 ‖ treeOwner ‖ intentID, op(1) ‖ first(16) ‖ second(16))`, signed by the tree's owner; stored
/// as `hex(rootID).intent-hex(intentID)`. Only the owner's master key opens it: the provider learns that an
/// operation is under way, not which one nor which folder, node, member or link it concerns.
package struct VaultIntent: Sendable, Equatable {
    static let magic = "CFVI"
    static let kindName = "intent"
    static let payloadByteCount = 1 + 16 + 16
    static let byteCount = VaultRecordLimit.envelope + 32 + VaultBox.overhead + payloadByteCount

    /// The operation byte `op`.
    package enum Operation: UInt8, Sendable {
        /// `first` = the shared folder, `second` = the member removed (§10.6).
        case unshare = 1
        /// `first` = the node moved, `second` = the destination folder (§10.4).
        case move = 2
        /// `first` = the linked folder, `second` = the link's lookup id (§10.6 step 3).
        case linkRekey = 3
    }

    /// The operation with its two fields.
    package enum Action: Sendable, Equatable {
        /// Remove `member` from the shared folder `folder` (new epochs below it).
        case unshare(folder: NodeID, member: AccountID)
        /// Move the node `node` into the folder `destination` (from wherever it is listed besides).
        case move(node: NodeID, destination: NodeID)
        /// Give `folder` and the folders below it new epochs, then delete the link record `link`.
        case linkRekey(folder: NodeID, link: LinkLookupID)

        package var operation: Operation {
            switch self {
            case .unshare: .unshare
            case .move: .move
            case .linkRekey: .linkRekey
            }
        }

        /// `op ‖ first ‖ second`, the sealed plaintext.
        package var payload: [UInt8] {
            switch self {
            case .unshare(let folder, let member): [Operation.unshare.rawValue] + folder.bytes + member.bytes
            case .move(let node, let destination): [Operation.move.rawValue] + node.bytes + destination.bytes
            case .linkRekey(let folder, let link): [Operation.linkRekey.rawValue] + folder.bytes + link.bytes
            }
        }
    }

    package let id: NodeID
    package let action: Action
    package var operation: Operation { action.operation }

    static func recordID(root: NodeID, intent: NodeID) -> RecordID {
        RecordID(root.bytes, .intent, intent.bytes)
    }

    static func aad(owner: AccountID, id: NodeID) -> [UInt8] { Array(magic.utf8) + [1] + owner.bytes + id.bytes }

    /// The signed, sealed record.
    package func encoded(owner: AccountID, wrapKey: FolderKey, signer: VaultSigner, nonce: [UInt8]? = nil)
        -> [UInt8]
    {
        Self.sealedForVectors(
            payload: action.payload, owner: owner, id: id, wrapKey: wrapKey, signer: signer, nonce: nonce)
    }

    /// Reader rules in order: envelope and layout (`malformedRecord`) → names `owner` and is signed by it
    /// (`recordMisplaced`, `signatureInvalid`) → opens (`keyUnwrapFailed`) → a known operation (`malformedRecord`).
    package init(parsing bytes: [UInt8], owner: IdentityPublicKeys, wrapKey: FolderKey) throws(VaultError) {
        let envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = RecordReader(envelope.body)
        let treeOwner: AccountID
        let sealed: [UInt8]
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            id = try reader.nodeID("intent id")
            sealed = try reader.take(VaultBox.overhead + Self.payloadByteCount, "sealed operation")
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        guard treeOwner == owner.accountID, envelope.signer == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is not this account's")
        }
        try envelope.verify(label: VaultLabel.intentRecord, writers: VaultWriters([owner]), counter: nil)
        guard
            let payload = VaultBox.open(
                sealed, key: wrapKey.derive(VaultLabel.intent), aad: Self.aad(owner: treeOwner, id: id))
        else { throw .keyUnwrapFailed(kind: Self.kindName) }
        do throws(RecordDecodingError) {
            action = try Self.action(payload)
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
    }

    /// `op ‖ first ‖ second`, the opened payload (its length is fixed by the sealed field's).
    private static func action(_ payload: [UInt8]) throws(RecordDecodingError) -> Action {
        var rest = RecordReader(payload)
        let op = try rest.byte("operation")
        let action: Action
        switch Operation(rawValue: op) {
        case .unshare: action = .unshare(folder: try rest.nodeID("folder id"), member: try rest.accountID("member"))
        case .move: action = .move(node: try rest.nodeID("node id"), destination: try rest.nodeID("destination"))
        case .linkRekey:
            let folder = try rest.nodeID("folder id")
            let bytes = try rest.take(LinkLookupID.byteCount, "link lookup id")
            guard let link = try? LinkLookupID(bytes: bytes) else {
                throw RecordDecodingError(field: "link lookup id", problem: .invalid("link lookup id"))
            }
            action = .linkRekey(folder: folder, link: link)
        case nil:
            throw RecordDecodingError(field: "operation", problem: .invalid("names an unknown operation \(op)"))
        }
        try rest.finish()
        return action
    }

    package init(id: NodeID = .random(), action: Action) {
        self.id = id
        self.action = action
    }

    /// Two intents for the same operation on the same things (their ids aside).
    func isSameOperation(as other: VaultIntent) -> Bool { action == other.action }
}

extension VaultIntent {
    /// An intent and its encoded record (vector generation).
    package struct Made: Sendable {
        package let intent: VaultIntent
        package let bytes: [UInt8]
        package init(intent: VaultIntent, bytes: [UInt8]) {
            self.intent = intent
            self.bytes = bytes
        }
    }

    /// A record around any `payload` (`encoded` for the library's; any payload for vectors of refused operations).
    package static func sealedForVectors(
        payload: [UInt8], owner: AccountID, id: NodeID, wrapKey: FolderKey, signer: VaultSigner, nonce: [UInt8]?
    ) -> [UInt8] {
        let sealed = VaultBox.seal(
            payload, key: wrapKey.derive(VaultLabel.intent), aad: aad(owner: owner, id: id), nonce: nonce)
        return SignedRecord.make(
            magic: magic, body: owner.bytes + id.bytes + sealed, label: VaultLabel.intentRecord, signer: signer)
    }
}
