// SPDX-License-Identifier: MIT
import CofferKeys

/// Readers and writers (Spec/vault.md §7.1, §10.6): the role a share gives, and what the owner does when a writer
/// becomes a reader — adopt, re-signed as the owner, every record the member signed in the folder and below, so
/// that they stay valid once readers refuse the member's signature.
extension FolderView {
    /// `account`'s role here, from the member lists on the way down (a writer on any of them writes here; the
    /// tree's owner is a writer); nil when it has no access.
    func role(of account: AccountID) -> MemberRole? {
        if writers.mayWrite(account) { return .writer }
        return writers.readers.contains(account) ? .reader : nil
    }
}

extension Vault {
    /// The role a share of `view` gives `member`: `requested`, else the member's current role, else writer. A
    /// member who writes through a shared folder above keeps writing here, so making it a reader here is refused.
    func role(
        for member: AccountID, requested: MemberRole?, in view: FolderView, contact: String
    ) throws(VaultError) -> MemberRole {
        let role = requested ?? view.role(of: member) ?? .writer
        if role == .reader, !view.path.isRoot, try folder(at: view.path.parent).writers.mayWrite(member) {
            throw .wrongNodeType(
                path: view.path.description,
                expected: "a folder where \(contact) is not a writer through a shared folder above "
                    + "(make them a reader there)")
        }
        return role
    }

    /// Re-signs, as the owner, every record `member` signed in `start` and every folder below it — keyrings of the
    /// folders it made, node records, listings — reading with `start`'s writers (the member still among them: its
    /// records are checked as a writer's, which it was until now). Each folder is one commit (compare-and-swap);
    /// a folder with nothing of the member's is not written.
    func adoptSubtree(of member: AccountID, from start: FolderView) throws(VaultError) {
        let view = try committing { () throws(VaultError) in
            let fresh = try reload(start, keys: start.keys)
            guard try adopt(member, in: fresh) else { return fresh }
            return try reload(start, keys: start.keys)
        }
        for child in try subfolders(of: view) { try adoptSubtree(of: member, from: child) }
    }

    /// One folder of `adoptSubtree`: its keyring, then its children and listing. Whether anything was written.
    func adopt(_ member: AccountID, in folder: FolderView) throws(VaultError) -> Bool {
        var wrote = false
        if folder.keyring.signer == member {
            let keyring = FolderKeyring.sign(
                treeOwner: folder.owner, folder: folder.id, parent: folder.parent, entries: folder.keyring.entries,
                signer: signer)
            try storage.replace(
                VaultStorage.recordID(folder.id, .keys), keyring.encoded, ifVersion: folder.versions.keyring)
            wrote = true
        }
        var signed = folder.manifest.signer == member
        if !signed {
            for entry in folder.manifest.entries where try child(entry, in: folder).record.signer == member {
                signed = true
                break
            }
        }
        if signed {
            try adoptWrites(of: member, in: wrote ? reload(folder, keys: folder.keys) : folder)
            wrote = true
        }
        return wrote
    }
}
