// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// What a multi-step operation is about to do, written before its first commit and removed after its last, so
/// that `vault repair` can finish it when the process was interrupted (Spec/vault.md §10.9):
///
/// `body = treeOwner(16) ‖ intentID(16) ‖ sealed(73)`, `sealed = box(KDF(rootWrapKey, "coffer/v1/vault/intent"),
/// "CFVI" ‖ 0x01 ‖ treeOwner ‖ intentID, op(1) ‖ folderID(16) ‖ member(16))`, signed by the tree's owner; stored
/// as `hex(rootID).intent-hex(intentID)`. Only the owner's master key opens it: the provider learns that an
/// operation is under way, not which folder or member it concerns.
package struct VaultIntent: Sendable, Equatable {
    static let magic = "CFVI"
    static let kindName = "intent"
    static let payloadByteCount = 1 + NodeID.byteCount + AccountID.byteCount
    static let byteCount = VaultRecordLimit.envelope + 32 + VaultBox.overhead + payloadByteCount

    package enum Operation: UInt8, Sendable {
        /// Remove `member` from the shared folder `folder` (new epochs below it).
        case unshare = 1
    }

    package let id: NodeID
    package let operation: Operation
    package let folder: NodeID
    package let member: AccountID

    static func recordID(root: NodeID, intent: NodeID) -> RecordID {
        try! RecordID("\(root.hex).intent-\(intent.hex)")
    }

    static func aad(owner: AccountID, id: NodeID) -> [UInt8] { Array(magic.utf8) + [1] + owner.bytes + id.bytes }

    /// The signed, sealed record.
    package func encoded(owner: AccountID, wrapKey: FolderKey, signer: VaultSigner, nonce: [UInt8]? = nil)
        -> [UInt8]
    {
        let sealed = VaultBox.seal(
            [operation.rawValue] + folder.bytes + member.bytes, key: wrapKey.derive(VaultLabel.intent),
            aad: Self.aad(owner: owner, id: id), nonce: nonce)
        return SignedRecord.make(
            magic: Self.magic, body: owner.bytes + id.bytes + sealed, label: VaultLabel.intentRecord, signer: signer)
    }

    /// Reader rules in order: envelope and layout (`malformedRecord`) → names `owner` and is signed by it
    /// (`recordMisplaced`, `signatureInvalid`) → opens (`keyUnwrapFailed`) → a known operation (`malformedRecord`).
    package init(parsing bytes: [UInt8], owner: IdentityPublicKeys, wrapKey: FolderKey) throws(VaultError) {
        let envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = VaultReader(envelope.body, kind: Self.kindName)
        let treeOwner = try reader.accountID("tree owner")
        id = try reader.nodeID("intent id")
        let sealed = try reader.take(VaultBox.overhead + Self.payloadByteCount, "sealed operation")
        try reader.finish()
        guard treeOwner == owner.accountID, envelope.signer == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it is not this account's")
        }
        try envelope.verify(label: VaultLabel.intentRecord, writers: VaultWriters([owner]), counter: nil)
        guard
            let payload = VaultBox.open(
                sealed, key: wrapKey.derive(VaultLabel.intent), aad: Self.aad(owner: treeOwner, id: id))
        else { throw .keyUnwrapFailed(kind: Self.kindName) }
        guard let operation = Operation(rawValue: payload[0]) else {
            throw .malformedRecord(kind: Self.kindName, reason: "names an unknown operation \(payload[0])")
        }
        self.operation = operation
        var rest = VaultReader(Array(payload[1...]), kind: Self.kindName)
        folder = try rest.nodeID("folder id")
        member = try rest.accountID("member")
        try rest.finish()
    }

    package init(id: NodeID = .random(), operation: Operation, folder: NodeID, member: AccountID) {
        self.id = id
        self.operation = operation
        self.folder = folder
        self.member = member
    }
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

    /// A record around any `payload` (vectors of refused operations only; the library writes `encoded`).
    package static func sealedForVectors(
        payload: [UInt8], owner: AccountID, id: NodeID, wrapKey: FolderKey, signer: VaultSigner, nonce: [UInt8]
    ) -> [UInt8] {
        let sealed = VaultBox.seal(
            payload, key: wrapKey.derive(VaultLabel.intent), aad: aad(owner: owner, id: id), nonce: nonce)
        return SignedRecord.make(
            magic: magic, body: owner.bytes + id.bytes + sealed, label: VaultLabel.intentRecord, signer: signer)
    }
}
