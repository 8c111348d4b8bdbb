// SPDX-License-Identifier: MIT
import CofferKeys

/// Who may read and write a shared folder, signed by the tree's owner (Spec/vault.md §7):
///
/// `body = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(epoch) ‖ BE32(n) ‖ bundle₁ ‖ … ‖ bundleₙ`, bundles (signed
/// identity bundles, Spec/accounts.md §6.3: 149 bytes, or 1,365 for one with a post-quantum key, each bundle's
/// length given by its own version byte) in strictly increasing account-id order; `epoch` is the folder-key epoch
/// the members hold. Shares to a member are wrapped to the key its bundle here carries. Members' records are
/// accepted only when the signer is on the newest list this device has seen.
package struct MemberList: Sendable, Equatable {
    static let magic = "CFVM"
    static let kindName = "member list"
    package static let maximumMembers: UInt32 = 4096

    package let treeOwner: AccountID
    package let folder: NodeID
    package let version: UInt64
    package let epoch: UInt32
    package let members: [IdentityBundle]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = VaultReader(envelope.body, kind: Self.kindName)
        treeOwner = try reader.accountID("tree owner")
        folder = try reader.nodeID("folder id")
        version = try reader.uint64("version")
        epoch = try reader.uint32("epoch")
        let count = try reader.uint32("member count")
        guard version >= 1, epoch >= 1 else {
            throw .malformedRecord(kind: Self.kindName, reason: "version and epoch start at 1")
        }
        guard count <= Self.maximumMembers, Int(count) * IdentityBundle.byteCount <= reader.remaining else {
            throw .malformedRecord(kind: Self.kindName, reason: "member count \(count) does not match the length")
        }
        var members: [IdentityBundle] = []
        for _ in 0..<count {
            let head = try reader.take(5, "bundle")
            guard let length = IdentityBundle.byteCount(version: head[4]) else {
                throw .malformedRecord(kind: Self.kindName, reason: "a member bundle has version \(head[4])")
            }
            let bytes = try head + reader.take(length - 5, "bundle")
            let bundle: IdentityBundle
            do {
                bundle = try IdentityBundle(encoded: bytes)
            } catch {
                throw .malformedRecord(kind: Self.kindName, reason: "a member bundle is invalid (\(error))")
            }
            if let last = members.last, !(last.accountID < bundle.accountID) {
                throw .malformedRecord(kind: Self.kindName, reason: "members are not in strictly increasing id order")
            }
            members.append(bundle)
        }
        try reader.finish()
        self.members = members
        encoded = bytes
    }

    /// The reader of §8.1 step 1: envelope → tree and folder named → the owner's signature → only then the bundles
    /// (each bundle's own signature costs a verification; a forged list is refused for one).
    package static func read(
        _ bytes: [UInt8], treeOwner: AccountID, folder: NodeID, owner: IdentityPublicKeys,
        counter: VaultOperationCounter? = nil
    ) throws(VaultError) -> MemberList {
        let envelope = try SignedRecord(parsing: bytes, kind: kindName, magic: magic)
        guard envelope.body.count >= 32 else { throw .malformedRecord(kind: kindName, reason: "ends inside its ids") }
        guard Array(envelope.body[0..<16]) == treeOwner.bytes else {
            throw .recordMisplaced(kind: kindName, reason: "it belongs to another account's tree")
        }
        guard Array(envelope.body[16..<32]) == folder.bytes else {
            throw .recordMisplaced(kind: kindName, reason: "it is the list of another folder, not \(folder.hex)")
        }
        try envelope.verify(label: VaultLabel.memberList, writers: VaultWriters([owner]), counter: counter)
        return try MemberList(parsing: bytes)
    }

    package func checkPlacement(treeOwner: AccountID, folder: NodeID) throws(VaultError) {
        guard self.treeOwner == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it belongs to another account's tree")
        }
        guard self.folder == folder else {
            throw .recordMisplaced(
                kind: Self.kindName, reason: "it is the list of \(self.folder.hex), not \(folder.hex)")
        }
    }

    /// Only the tree's owner signs member lists.
    package func verifySignature(owner: IdentityPublicKeys, counter: VaultOperationCounter? = nil) throws(VaultError) {
        try envelope.verify(label: VaultLabel.memberList, writers: VaultWriters([owner]), counter: counter)
    }

    package func contains(_ account: AccountID) -> Bool { members.contains { $0.accountID == account } }

    package static func make(
        treeOwner: AccountID, folder: NodeID, version: UInt64, epoch: UInt32, members: [IdentityBundle],
        signer: VaultSigner
    ) -> MemberList {
        var body = VaultWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(version)
        body.append(epoch)
        body.append(UInt32(members.count))
        for member in members.sorted(by: { $0.accountID < $1.accountID }) { body.append(member.encoded) }
        return try! MemberList(
            parsing: SignedRecord.make(magic: magic, body: body.bytes, label: VaultLabel.memberList, signer: signer))
    }
}
