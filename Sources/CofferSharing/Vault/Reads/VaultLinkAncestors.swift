// SPDX-License-Identifier: MIT
import CofferKeys

/// Who may write in a linked folder because of the folders above it (Spec/vault.md §8.6, links.md §8.1 step 5).
///
/// A link opener enters at the linked folder and holds no key above it, but the members of a shared folder above
/// may write there, and their listings and records must verify. So the opener walks **up** by the keyrings' parent
/// ids to the owner's root (`rootID(owner)`, the only folder whose parent is `0¹⁶`), reading only signed records,
/// then checks the chain **down** as a vault reader would: the root's keyring is the owner's; at each folder its
/// owner-signed member list (if any) adds its members to the writers, and its keyring must be signed by a writer
/// (by the owner alone when the folder has a member list). Because each keyring names its parent under a signature
/// the level above has already accepted, a parent id the storage side edits is refused (`unauthorizedWriter`,
/// `signatureInvalid`), a chain that misses the root or loops is `recordMisplaced`, and a missing keyring is
/// `childMissing`. No key above the linked folder is needed or used.
extension FolderReader {
    /// The writers and members the folders strictly above `folder` contribute, from the owner's root down, and the
    /// parent id the walk went through (the linked folder's own keyring, checked later, must name the same one).
    func ancestorWriters(
        owner: IdentityPublicKeys, folder: NodeID
    ) throws(VaultError) -> (writers: VaultWriters, members: [IdentityBundle], parent: NodeID?) {
        let root = NodeID.root(of: owner.accountID)
        var writers = VaultWriters([owner])
        var members: [IdentityBundle] = []
        guard folder != root else { return (writers, members, .zero) }
        var chain: [FolderKeyring] = []
        var seen: Set<NodeID> = [folder]
        var id = folder
        while id != root {
            let keysID = VaultStorage.recordID(id, .keys)
            guard let bytes = try storage.getIfPresent(keysID, limit: VaultRecordLimit.keyring) else {
                throw .childMissing(node: id.hex)
            }
            let keyring = try FolderKeyring(parsing: bytes)
            try keyring.checkPlacement(treeOwner: owner.accountID, folder: id, parent: keyring.parent)
            guard keyring.parent != .zero, seen.insert(keyring.parent).inserted else {
                throw .recordMisplaced(
                    kind: FolderKeyring.kindName,
                    reason: "folder \(id.hex) does not lead up to the owner's root (parent \(keyring.parent.hex))")
            }
            chain.append(keyring)
            id = keyring.parent
        }
        let linked = chain.removeFirst()
        // The root first, then each folder down to the linked folder's parent.
        for keyring in [try rootKeyringRecord(owner: owner, root: root)] + chain.reversed() {
            var list: MemberList? = nil
            if let bytes = try storage.getIfPresent(
                VaultStorage.recordID(keyring.folder, .members), limit: VaultRecordLimit.members)
            {
                list = try MemberList.read(
                    bytes, treeOwner: owner.accountID, folder: keyring.folder, owner: owner, counter: counter)
                if let list { writers.add(list) }
                for member in list?.members ?? [] {
                    if !members.contains(where: { $0.accountID == member.accountID }) { members.append(member) }
                }
            }
            try keyring.verifySignature(writers: list == nil ? writers : VaultWriters([owner]), counter: counter)
        }
        return (writers, members, linked.parent)
    }

    /// The owner's root keyring, placed at `rootID(owner)` with parent `0¹⁶`.
    private func rootKeyringRecord(owner: IdentityPublicKeys, root: NodeID) throws(VaultError) -> FolderKeyring {
        let keysID = VaultStorage.recordID(root, .keys)
        guard let bytes = try storage.getIfPresent(keysID, limit: VaultRecordLimit.keyring) else {
            throw .childMissing(node: root.hex)
        }
        let keyring = try FolderKeyring(parsing: bytes)
        try keyring.checkPlacement(treeOwner: owner.accountID, folder: root, parent: .zero)
        return keyring
    }
}
