// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// What `share` wrote: the folder, the member and the key epoch the member now holds.
public struct ShareReceipt: Sendable, Equatable {
    /// The shared folder.
    public let folder: NodeID
    /// The member it was shared with (or removed from).
    public let member: AccountID
    /// The folder-key epoch the member holds after the operation.
    package let epoch: UInt32
    /// True when the share record wraps the folder key to the member's post-quantum key (Spec/vault.md §7.2).
    public var isPostQuantum: Bool = false
    /// The member's role after the operation (Spec/vault.md §7.1).
    package var role: MemberRole = .writer
}

extension Vault {
    /// Shares the folder at `path` (in this account's own tree) with the verified contact `contact`: the member
    /// list gains the contact's pinned bundle (owner-signed, next version), and a share record wraps the folder's
    /// newest key to the contact's post-quantum key when the pinned bundle has one, else to its X25519 key. O(1)
    /// public-key operations, whatever the folder holds (plus one signature per shared folder below, whose member
    /// list gains the contact too).
    ///
    /// The mixing rule (Spec/vault.md §7.3): a contact without a post-quantum key is refused
    /// (`classicalShareRefused`) where another member with access to the folder, or to a shared folder below it,
    /// holds one, unless `allowClassical`.
    @discardableResult
    public func share(
        _ path: VaultPath, with contact: String, allowClassical: Bool = false
    ) throws(VaultError) -> ShareReceipt {
        try share(path, with: contact, role: nil, allowClassical: allowClassical)
    }

    /// `share` with a role (Spec/vault.md §7.1, §10.6): `role` for the contact here and in every shared folder
    /// below; nil keeps an existing member's role and makes a new member a writer. A member who is a writer
    /// through a shared folder above cannot be made a reader here (`wrongNodeType`: change the role there). A
    /// writer made a reader has its earlier writes adopted by the owner first (`adoptSubtree`), so they stay valid.
    @discardableResult
    package func share(
        _ path: VaultPath, with contact: String, role requested: MemberRole?, allowClassical: Bool = false
    ) throws(VaultError) -> ShareReceipt {
        let bundle = try verifiedContact(contact)
        var demoted: FolderView? = nil
        let receipt = try committing { () throws(VaultError) -> ShareReceipt in
            var folder = try ownFolder(at: path)
            let role = try self.role(for: bundle.accountID, requested: requested, in: folder, contact: contact)
            // A writer made a reader: its writes are adopted while it is still a writer (an interruption breaks
            // nothing), and once more after the lists say reader (writes it committed in between).
            if role == .reader, folder.role(of: bundle.accountID) == .writer {
                try adoptSubtree(of: bundle.accountID, from: folder)
                demoted = folder
                folder = try ownFolder(at: path)
            }
            if !bundle.keys.isPostQuantum, !allowClassical {
                let others = folder.allMembers.filter { $0.accountID != bundle.accountID }
                let below = try hasPostQuantumMember(below: folder, except: bundle.accountID)
                if below || others.contains(where: \.keys.isPostQuantum) {
                    throw .classicalShareRefused(folder: path.description, contact: contact)
                }
            }
            if folder.keyring.signer != folder.owner {  // a member made this folder: its keyring becomes the owner's
                let keyring = FolderKeyring.sign(
                    treeOwner: folder.owner, folder: folder.id, parent: folder.parent,
                    entries: folder.keyring.entries, signer: signer)
                try storage.replace(
                    VaultStorage.recordID(folder.id, .keys), keyring.encoded, ifVersion: folder.versions.keyring)
            }
            // The list names everyone with access (members of folders above too): a reader entering here sees no
            // more.
            try writeMembers(
                adding(bundle, to: folder.allMembers), of: folder, epoch: folder.keys.latest,
                setting: bundle.accountID, to: role)
            try writeShare(
                of: folder, name: path.name ?? "/", to: bundle.keys, epoch: folder.keys.latest,
                key: folder.keys.latestKey)
            try propagate(bundle, role: role, below: folder)
            return ShareReceipt(
                folder: folder.id, member: bundle.accountID, epoch: folder.keys.latest,
                isPostQuantum: bundle.keys.isPostQuantum, role: role)
        }
        if let demoted { try adoptSubtree(of: bundle.accountID, from: demoted) }
        return receipt
    }

    /// Whether a shared folder below `folder` has a member with a post-quantum key (other than `account`): a
    /// classical share of `folder` would expose that folder's key too, through the hierarchy.
    func hasPostQuantumMember(below folder: FolderView, except account: AccountID) throws(VaultError) -> Bool {
        for child in try subfolders(of: folder) {
            if child.members?.members.contains(where: { $0.accountID != account && $0.keys.isPostQuantum }) == true {
                return true
            }
            if try hasPostQuantumMember(below: child, except: account) { return true }
        }
        return false
    }

    /// Removes `contact` from the folder at `path` and starts a new key epoch for the folder and every folder
    /// below it (no content is re-encrypted). New files use the new keys; remaining members get the new key in a
    /// fresh share record; the removed member keeps only older epochs, and its earlier writes are adopted by the
    /// owner.
    @discardableResult
    public func unshare(_ path: VaultPath, member contact: String) throws(VaultError) -> ShareReceipt {
        try unshare(path, removing: pinnedContact(contact).accountID, name: contact)
    }

    /// Unshare by account id (`name` only for messages). An intent record names the operation before its first
    /// commit and is removed after its last, so `repair` can finish it if it is interrupted (§10.9).
    func unshare(_ path: VaultPath, removing member: AccountID, name contact: String) throws(VaultError)
        -> ShareReceipt
    {
        let (folder, parentView) = try committing { () throws(VaultError) in
            (try ownFolder(at: path), path.isRoot ? nil : try self.folder(at: path.parent))
        }
        guard folder.members?.contains(member) == true else {
            throw .notFound("\(contact) among the members of \(path)")
        }
        if let parentView, parentView.allMembers.contains(where: { $0.accountID == member }) {
            throw .wrongNodeType(
                path: path.description,
                expected: "a folder \(contact) reaches only through its own share "
                    + "(remove them from the shared folder above)")
        }
        let intent = VaultIntent(action: .unshare(folder: folder.id, member: member))
        try record(intent)
        let parentKeys = parentView?.keys ?? rootParentKeys
        let newKeys = try rotate(
            folder, parentKey: parentKeys.latestKey, parentEpoch: parentKeys.latest, removing: member,
            name: path.name ?? "/")
        try clearIntents(like: intent)
        return ShareReceipt(folder: folder.id, member: member, epoch: newKeys.latest)
    }

    /// Accepts the share of `folder` addressed to this account, as `@name`. The share must be signed by the owner
    /// it names, who must be a verified contact; this account must be on the folder's signed member list.
    @discardableResult
    public func accept(folder: NodeID, as name: String) throws(VaultError) -> AcceptedShare {
        try NodeMetadata.checkName(name)
        guard try state.fileShares()[name] == nil else { throw .alreadyExists("share @\(name)") }
        let record = try ShareRecord(
            parsing: storage.get(VaultStorage.shareID(folder, recipient: accountID), limit: VaultRecordLimit.share))
        guard let owner = try verifiedContacts().first(where: { $0.accountID == record.treeOwner }) else {
            throw .untrustedContact(
                "the share of folder \(folder.hex) is signed by \(record.signer.hex), "
                    + "who is not a verified contact")
        }
        let accepted = AcceptedShare(owner: owner.text, folder: folder.hex)
        _ = try sharedRoot(accepted, name: name)
        try state.saveShare(accepted, as: name)
        return accepted
    }

    /// The ids of folders shared with this account by `contact` (share records addressed here, any state).
    public func pendingShares(from contact: String) throws(VaultError) -> [NodeID] {
        let owner = try verifiedContact(contact).accountID
        let suffix = ".share-\(accountID.hex)"
        return try storage.list().compactMap { id -> NodeID? in
            guard id.rawValue.hasSuffix(suffix), let bytes = try? storage.get(id, limit: VaultRecordLimit.share),
                let record = try? ShareRecord(parsing: bytes), record.treeOwner == owner
            else { return nil }
            return record.folder
        }
    }

    /// The root of a path `@name/…`.
    func sharedRoot(_ name: String) throws(VaultError) -> FolderView {
        guard let accepted = try state.shares()[name] else {
            if try isFileShare(name) {
                throw .wrongNodeType(path: "@\(name)", expected: "a shared folder (@\(name) is a shared file)")
            }
            throw .notFound("share @\(name)")
        }
        return try sharedRoot(accepted, name: name)
    }

    /// Verifies an accepted share from the top: share record (addressed here, owner-signed, not older than seen) →
    /// member list (this account on it) → keyring → listing.
    func sharedRoot(_ accepted: AcceptedShare, name: String) throws(VaultError) -> FolderView {
        let owner: IdentityBundle
        do {
            owner = try IdentityBundle(text: accepted.owner)
        } catch {
            throw .account(error)
        }
        let folderID = try NodeID(hex: accepted.folder)
        guard
            let bytes = try storage.getIfPresent(
                VaultStorage.shareID(folderID, recipient: accountID), limit: VaultRecordLimit.share)
        else {
            throw .notAMember(folder: folderID.hex)
        }
        let record = try ShareRecord(parsing: bytes)
        guard record.folder == folderID else {
            throw .recordMisplaced(kind: ShareRecord.kindName, reason: "it shares \(record.folder.hex)")
        }
        let (key, _) = try record.open(me: account.identity, owner: owner.keys, counter: counter)
        try state.accept(.share, folderID, version: UInt64(record.epoch), what: ShareRecord.kindName)
        let view = try loadFolder(
            owner: owner.keys, id: folderID, parent: nil, writers: VaultWriters([owner.keys]), members: [],
            path: VaultPath(root: .share(name), components: [])
        ) { keyring throws(VaultError) in try keyring.unwrap(latest: key, epoch: record.epoch) }
        guard let members = view.members, members.contains(accountID) else {
            throw .notAMember(folder: folderID.hex)
        }
        return view
    }
}
