// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// The owner's side of sharing: contacts, member lists, share records, and the key epochs that removing a member
/// starts (Spec/vault.md §7, §10.6).
extension Vault {
    /// A folder in this account's own tree (only the owner shares and unshares).
    func ownFolder(at path: VaultPath) throws(VaultError) -> FolderView {
        guard path.root == .own else { throw .wrongNodeType(path: path.description, expected: "a folder you own") }
        return try folder(at: path)
    }

    func pinnedContact(_ name: String) throws(VaultError) -> IdentityBundle {
        do {
            return try pins.bundle(for: name)
        } catch {
            throw .account(error)
        }
    }

    func verifiedContact(_ name: String) throws(VaultError) -> IdentityBundle {
        let bundle = try pinnedContact(name)
        guard try verifiedContacts().contains(bundle) else {
            throw .untrustedContact("contact \"\(name)\" is pinned but its fingerprint was never verified")
        }
        return bundle
    }

    func verifiedContacts() throws(VaultError) -> [IdentityBundle] {
        do {
            return try pins.list().filter(\.verified).map { pin throws(KeysError) in
                try IdentityBundle(text: pin.bundle)
            }
        } catch {
            throw .account(error)
        }
    }

    /// The folder's next member list: `members`, each with its role here as `folder` was read, except `changed`,
    /// which gets `role`.
    func writeMembers(
        _ members: [IdentityBundle], of folder: FolderView, epoch: UInt32, setting changed: AccountID? = nil,
        to role: MemberRole = .writer
    ) throws(VaultError) {
        var roles: [AccountID: MemberRole] = [:]
        for member in members { roles[member.accountID] = folder.role(of: member.accountID) ?? .writer }
        if let changed { roles[changed] = role }
        let version = (folder.members?.version ?? 0) + 1
        guard members.count <= MemberList.maximumMembers else {
            throw .limitReached(what: "the members of a shared folder", limit: MemberList.maximumMembers)
        }
        let list = MemberList.make(
            treeOwner: folder.owner, folder: folder.id, version: version, epoch: epoch, members: members,
            roles: roles, signer: signer)
        let id = VaultStorage.recordID(folder.id, .members)
        if let version = folder.versions.members {
            try storage.replace(id, list.encoded, ifVersion: version)
        } else {
            do {
                try storage.create(id, list.encoded)
            } catch let error where error.code == .alreadyExists {
                throw .changedConcurrently(record: id.rawValue)
            }
        }
        try state.raise(.members, folder.id, to: version)
    }

    func writeShare(
        of folder: FolderView, name: String, to recipient: IdentityPublicKeys, epoch: UInt32, key: FolderKey
    ) throws(VaultError) {
        let record = try ShareRecord.make(
            treeOwner: folder.owner, folder: folder.id, recipient: recipient, epoch: epoch,
            key: key, name: name, signer: signer)
        try storage.write(
            VaultStorage.shareID(folder.id, recipient: recipient.accountID), record.encoded,
            limit: VaultRecordLimit.share)
    }

    /// A new epoch for `folder` wrapped under `parentKey`, then for every folder below it under its parent's new
    /// key; the removed member's earlier writes are adopted by the owner (`adoptWrites`). Where a folder is
    /// shared, its member list loses `removed` and takes the new epoch, and each member that holds a share record
    /// for it gets a fresh one. Returns the folder's new keys.
    func rotate(
        _ folder: FolderView, parentKey: FolderKey, parentEpoch: UInt32, removing removed: AccountID, name: String
    ) throws(VaultError) -> EpochKeys {
        guard folder.keyring.latestEpoch < FolderKeyring.maximumEpochs else {
            throw .limitReached(what: "the key epochs of a folder", limit: FolderKeyring.maximumEpochs)
        }
        let newKey = FolderKey.random()
        let keyring = FolderKeyring.make(
            treeOwner: folder.owner, folder: folder.id, parent: folder.parent, parentKey: parentKey,
            parentEpoch: parentEpoch, newKey: newKey, previous: (folder.keyring, folder.keys), signer: signer)
        var keys = folder.keys.keys
        keys[keyring.latestEpoch] = newKey
        let newKeys = EpochKeys(folder: folder.id, keys: keys, latest: keyring.latestEpoch)
        // This folder's new epoch is committed before any folder below wraps a key under it.
        try storage.replace(
            VaultStorage.recordID(folder.id, .keys), keyring.encoded, ifVersion: folder.versions.keyring)
        try state.raise(.keyring, folder.id, to: UInt64(keyring.latestEpoch))
        let folder = try fence(folder, keys: newKeys, adopting: removed)
        for entry in folder.manifest.entries where entry.kind == .folder {
            let child = try child(entry, in: folder)
            _ = try rotate(
                childFolder(child, in: folder), parentKey: newKey, parentEpoch: keyring.latestEpoch,
                removing: removed, name: child.metadata.name)
        }
        if let list = folder.members {
            try writeMembers(list.members.filter { $0.accountID != removed }, of: folder, epoch: newKeys.latest)
            try refreshShares(of: folder, removing: removed, name: name)
        }
        return newKeys
    }

    /// Fresh share records under `folder`'s newest epoch for every remaining member that holds one, then the
    /// removed member's deleted (the last step of an unshare in a shared folder; `repair` runs it again).
    func refreshShares(of folder: FolderView, removing removed: AccountID, name: String) throws(VaultError) {
        for member in folder.members?.members ?? [] where member.accountID != removed {
            if try storage.getIfPresent(
                VaultStorage.shareID(folder.id, recipient: member.accountID), limit: VaultRecordLimit.share) != nil
            {
                try writeShare(
                    of: folder, name: name, to: member.keys, epoch: folder.keys.latest, key: folder.keys.latestKey)
            }
        }
        storage.delete(VaultStorage.shareID(folder.id, recipient: removed))
    }

    /// Rewrites `folder`'s listing once its new epoch (`keys`) is committed — the fence of Spec/vault.md §10.6 —
    /// adopting the removed member's writes on the way, and returns the folder as that commit left it. A writer
    /// that read the listing before the fence may have sealed under the old epoch: its compare-and-swap now fails
    /// and it re-applies under the new epoch. Whatever was listed before the fence is ordered before the unshare
    /// (and, being read from the fenced listing, its subfolders get their new epochs too).
    func fence(_ folder: FolderView, keys: EpochKeys, adopting removed: AccountID) throws(VaultError) -> FolderView {
        try committing { () throws(VaultError) in
            try adoptWrites(of: removed, in: reload(folder, keys: keys))
            return try reload(folder, keys: keys)
        }
    }

    /// `folder` read again, its keys being `keys` (`changedConcurrently` if its keyring has moved on since).
    func reload(_ folder: FolderView, keys: EpochKeys) throws(VaultError) -> FolderView {
        try loadFolder(
            owner: folder.treeOwner, id: folder.id, parent: folder.parent, writers: folder.writers,
            members: folder.allMembers, path: folder.path
        ) { keyring throws(VaultError) in
            guard keyring.latestEpoch == keys.latest else {
                throw .changedConcurrently(record: VaultStorage.recordID(folder.id, .keys).rawValue)
            }
            return keys
        }
    }

    /// Re-signs, as the owner, every record in `folder` that `removed` wrote while a member (verified under the
    /// member list of that time), and always the listing (the fence), so those writes stay valid once `removed`
    /// is no longer a writer.
    func adoptWrites(of removed: AccountID, in folder: FolderView) throws(VaultError) {
        var adopted: [NodeRecord] = []
        var replaced: [NodeRecord] = []
        for entry in folder.manifest.entries {
            let record = try child(entry, in: folder).record
            guard record.signer == removed else { continue }
            let resigned = record.resigned(by: signer)
            try storeNodeRecord(resigned)
            adopted.append(resigned)
            replaced.append(record)
        }
        try cleaningUp({
            for record in adopted { storage.delete(VaultStorage.nodeRecordID(record.id, hash: record.hash)) }
        }) { () throws(VaultError) in try updateListing(of: folder, adding: adopted) }
        for record in replaced { storage.delete(VaultStorage.nodeRecordID(record.id, hash: record.hash)) }
    }

    /// Adds `member` with `role` to the member list of every shared folder below `folder` (or sets its role there),
    /// so that readers entering there accept the new member's writes, or refuse a reader's.
    func propagate(_ member: IdentityBundle, role: MemberRole, below folder: FolderView) throws(VaultError) {
        for child in try subfolders(of: folder) {
            if let list = child.members, list.role(of: member.accountID) != role {
                try writeMembers(
                    adding(member, to: list.members), of: child, epoch: child.keys.latest, setting: member.accountID,
                    to: role)
            }
            try propagate(member, role: role, below: child)
        }
    }

    func adding(_ member: IdentityBundle, to members: [IdentityBundle]) -> [IdentityBundle] {
        members.filter { $0.accountID != member.accountID } + [member]
    }
}
