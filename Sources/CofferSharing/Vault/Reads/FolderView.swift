// SPDX-License-Identifier: MIT
import CofferKeys

/// A folder after every check of Spec/vault.md §8 passed: its keyring (keys by epoch), the accounts allowed to
/// write in it, its newest member list (if shared) and its listing. Only `Vault` builds it.
struct FolderView: Sendable {
    let treeOwner: IdentityPublicKeys
    let id: NodeID
    let parent: NodeID
    let keyring: FolderKeyring
    let keys: EpochKeys
    let writers: VaultWriters
    let members: MemberList?
    /// Everyone with access here: members of this folder's list and of the lists above it that the reader saw.
    let allMembers: [IdentityBundle]
    let manifest: FolderListing
    let path: VaultPath
    /// The storage versions of the commit points as read, for the compare-and-swap of the next write.
    let versions: Versions
    /// The account that read the folder (nil for a link opener, which never writes).
    var account: AccountID? = nil

    var owner: AccountID { treeOwner.accountID }

    /// A writer seals under the keyring's newest epoch only. A member whose share still holds an older epoch (an
    /// unshare has committed a new one and not yet refreshed the share) gets `epochKeyUnavailable`: a file sealed
    /// under the old epoch would be readable by the member being removed (Spec/vault.md §10.6).
    func checkWritable() throws(VaultError) {
        try checkRole()
        guard keys.latest == keyring.latestEpoch else {
            throw .epochKeyUnavailable(folder: id.hex, epoch: keyring.latestEpoch)
        }
    }

    /// A reader of the folder (Spec/vault.md §7.1) does not write: `readOnly`, before anything is written. Readers
    /// would refuse its records anyway (`readerSigned`); this keeps an honest reader's client from trying.
    func checkRole() throws(VaultError) {
        guard let account, !writers.mayWrite(account) else { return }
        throw .readOnly(path: path.description)
    }

    struct Versions: Sendable {
        let keyring: RecordVersion
        let listing: RecordVersion
        let members: RecordVersion?
        /// The keyring came from `<folder>.keys-<parent>`: a move of this folder out of `parent` is under way.
        let keyringIsMoving: Bool
    }
}

/// A child of a verified folder: its listing entry, its verified record and its decrypted metadata.
struct VerifiedChild: Sendable {
    let entry: Manifest.Entry
    let record: NodeRecord
    let metadata: NodeMetadata
}

/// The vault's read-side verification (Spec/vault.md §8) without an account: the storage side, this device's
/// high-water marks (nil for a reader with no memory, such as a link opener) and the operation counter. `Vault`
/// reads through it, and so does `VaultLinkReader`, so both run the same checks.
struct FolderReader: Sendable {
    let storage: VaultStorage
    let state: VaultDeviceState?
    let counter: VaultOperationCounter
    /// The account reading, recorded in each `FolderView` for its role check (nil for a link opener).
    var account: AccountID? = nil

    /// Reads a folder given how its keys are reached, once more if a mark refused it: another process of this
    /// device may have raised the mark between this read's fetch and its check, and a rollback by the storage side
    /// is still there when read again.
    func loadFolder(
        owner: IdentityPublicKeys, id: NodeID, parent expectedParent: NodeID?, writers inherited: VaultWriters,
        members inheritedMembers: [IdentityBundle], path: VaultPath,
        keys reach: (FolderKeyring) throws(VaultError) -> EpochKeys
    ) throws(VaultError) -> FolderView {
        do {
            return try loadFolderOnce(
                owner: owner, id: id, parent: expectedParent, writers: inherited, members: inheritedMembers,
                path: path, keys: reach)
        } catch {
            guard case .rollbackDetected = error.reason else { throw error }
            return try loadFolderOnce(
                owner: owner, id: id, parent: expectedParent, writers: inherited, members: inheritedMembers,
                path: path, keys: reach)
        }
    }

    /// Reads a folder given how its keys are reached. Order (each a reader rule): member list (owner-signed,
    /// high-water mark, present once seen; adds writers) → keyring (placement, signer — the owner alone for a shared
    /// folder —, signature, mark, unwrap) → listing (placement, signer, signature, mark). The parent's writers
    /// carry down: whoever may write above may write below.
    func loadFolderOnce(
        owner: IdentityPublicKeys, id: NodeID, parent expectedParent: NodeID?, writers inherited: VaultWriters,
        members inheritedMembers: [IdentityBundle], path: VaultPath,
        keys reach: (FolderKeyring) throws(VaultError) -> EpochKeys
    ) throws(VaultError) -> FolderView {
        var writers = inherited
        var allMembers = inheritedMembers
        var members: MemberList? = nil
        let membersRecord = try storage.readVersioned(
            VaultStorage.recordID(id, .members), limit: VaultRecordLimit.members)
        if let bytes = membersRecord?.bytes {
            let list = try MemberList.read(
                bytes, treeOwner: owner.accountID, folder: id, owner: owner, counter: counter)
            try state?.accept(.members, id, version: list.version, what: MemberList.kindName)
            writers.add(list)
            for member in list.members {
                if !allMembers.contains(where: { $0.accountID == member.accountID }) { allMembers.append(member) }
            }
            members = list
        } else if try (state?.mark(.members, id) ?? 0) > 0 {
            throw .childMissing(node: id.hex)  // this device saw the folder shared: its member list was withheld
        }
        // The listing is fetched before the keyring (and checked after it): a writer's view then never pairs a
        // listing with a keyring older than it, so a listing compare-and-swap fails for a writer that sealed under
        // an epoch an unshare has since replaced (the unshare rewrites the listing after its new epoch, §10.6).
        let listID = VaultStorage.recordID(id, .list)
        let listRecord = try storage.readVersioned(listID, limit: VaultRecordLimit.listing)
        let (keyringRecord, keyringIsMoving) = try keyringRecord(of: id, parent: expectedParent)
        let keyring = try FolderKeyring(parsing: keyringRecord.bytes)
        // A shared folder's member does not know (and cannot check) where the folder hangs in the owner's tree.
        let parent = expectedParent ?? keyring.parent
        try keyring.checkPlacement(treeOwner: owner.accountID, folder: id, parent: parent)
        // Only the owner writes a shared folder's keyring: a member could otherwise add epochs to it.
        try keyring.verifySignature(writers: members == nil ? writers : VaultWriters([owner]), counter: counter)
        try state?.accept(.keyring, id, version: UInt64(keyring.latestEpoch), what: FolderKeyring.kindName)
        let keys = try reach(keyring)
        guard let listRecord else {
            throw .childMissing(node: id.hex)
        }
        let head = try FolderListing.head(
            listRecord.bytes, treeOwner: owner.accountID, folder: id, writers: writers, counter: counter)
        try state?.accept(.manifest, id, version: head.version, what: Manifest.kindName)
        let manifest: FolderListing
        switch head {
        case .single(let single):
            manifest = FolderListing(single: single)
        case .head(let head):
            let chunks = try missingOrMoved(folder: id, listing: listRecord.version) { () throws(VaultError) in
                try FolderListing.chunks(of: head) { id throws(VaultError) in
                    try storage.getIfPresent(id, limit: VaultRecordLimit.chunk)
                }
            }
            manifest = FolderListing(head: head, chunks: chunks)
        }
        return FolderView(
            treeOwner: owner, id: id, parent: parent, keyring: keyring, keys: keys, writers: writers, members: members,
            allMembers: allMembers, manifest: manifest, path: path,
            versions: FolderView.Versions(
                keyring: keyringRecord.version, listing: listRecord.version, members: membersRecord?.version,
                keyringIsMoving: keyringIsMoving),
            account: account)
    }

    /// The folder's keyring: `<folder>.keys`, unless it names another parent than the one the reader came from and
    /// `<folder>.keys-<parent>` exists — the keyring as it was under this parent, kept while a move of the folder
    /// is under way (Spec/vault.md §10.4). Either is checked the same way; the name is only a hint.
    func keyringRecord(of id: NodeID, parent: NodeID?) throws(VaultError) -> (StoredRecord, Bool) {
        guard let current = try storage.readVersioned(VaultStorage.recordID(id, .keys), limit: VaultRecordLimit.keyring)
        else { throw .childMissing(node: id.hex) }
        guard let parent, let keyring = try? FolderKeyring(parsing: current.bytes), keyring.parent != parent,
            let moving = try storage.readVersioned(
                VaultStorage.movingKeysID(id, parent: parent), limit: VaultRecordLimit.keyring)
        else { return (current, false) }
        return (moving, true)
    }

    /// A subfolder listed in `parent`.
    func childFolder(_ child: VerifiedChild, in parent: FolderView) throws(VaultError) -> FolderView {
        try loadFolder(
            owner: parent.treeOwner, id: child.entry.id, parent: parent.id, writers: parent.writers,
            members: parent.allMembers,
            path: parent.path.appending(child.metadata.name)
        ) { keyring throws(VaultError) in
            do throws(VaultError) {
                return try keyring.unwrap(parentKeys: parent.keys)
            } catch {
                guard case .epochKeyUnavailable = error.reason else { throw error }
                // Wrapped under a parent epoch newer than the newest this reader read: the parent was re-keyed
                // (an unshare) after it was read. Reading again sees it.
                if let wrapped = keyring.entries.last?.parentEpoch, wrapped > parent.keyring.latestEpoch,
                    parent.keys.latest == parent.keyring.latestEpoch
                {
                    throw .changedConcurrently(record: VaultStorage.recordID(parent.id, .keys).rawValue)
                }
                throw error
            }
        }
    }

    /// One child's record, checked in order: present (`childMissing`) → layout → placement → the hash the
    /// listing pins (`manifestMismatch`) → signer and signature → metadata AEAD.
    func child(_ entry: Manifest.Entry, in folder: FolderView) throws(VaultError) -> VerifiedChild {
        let bytes = try missingOrMoved(folder: folder.id, listing: folder.versions.listing) { () throws(VaultError) in
            guard
                let bytes = try storage.getIfPresent(
                    VaultStorage.nodeRecordID(entry.id, hash: entry.recordHash), limit: VaultRecordLimit.node)
            else { throw .childMissing(node: entry.id.hex) }
            return bytes
        }
        let record = try NodeRecord(parsing: bytes)
        try record.checkPlacement(treeOwner: folder.owner, id: entry.id, parent: folder.id, kind: entry.kind)
        guard record.hash == entry.recordHash else { throw .manifestMismatch(node: entry.id.hex) }
        try record.verifySignature(writers: folder.writers, counter: counter)
        let metadata = try record.openMetadata(parentKeys: folder.keys)
        // A chunked listing's name tag must be the child's (§6.2): a writer cannot hide a child from a lookup.
        if let tag = entry.nameTag, tag != NameTag.of(metadata.name, key: try folder.keys.key(record.epoch)) {
            throw .manifestMismatch(node: entry.id.hex)
        }
        return VerifiedChild(entry: entry, record: record, metadata: metadata)
    }

    /// The subfolders of `folder`, verified (files are not read: walking a tree costs per folder, not per file).
    func subfolders(of folder: FolderView) throws(VaultError) -> [FolderView] {
        var out: [FolderView] = []
        for entry in folder.manifest.entries where entry.kind == .folder {
            out.append(try childFolder(child(entry, in: folder), in: folder))
        }
        return out
    }

    /// Every child of `folder`, verified.
    func children(of folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        var out: [VerifiedChild] = []
        out.reserveCapacity(folder.manifest.entries.count)
        for entry in folder.manifest.entries { out.append(try child(entry, in: folder)) }
        return out
    }

    /// The children of `folder` that are not in the trash (§6.4), verified: what a listing shows and a name finds.
    func visibleChildren(of folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        try children(of: folder).filter { !$0.metadata.isTrashed }
    }

    /// The folder `components` below `view`, each step a verified subfolder (`notFound`, `wrongNodeType`).
    func walk(from start: FolderView, _ components: [String]) throws(VaultError) -> FolderView {
        var view = start
        for name in components {
            guard let child = try child(named: name, in: view) else {
                throw .notFound(view.path.appending(name).description)
            }
            guard child.record.kind == .folder else {
                throw .wrongNodeType(path: view.path.appending(name).description, expected: "a folder")
            }
            view = try childFolder(child, in: view)
        }
        return view
    }

    /// The child named `name` that is not in the trash, or nil. In a chunked listing only the children whose name tag
    /// is one `name` has under an epoch held are read (§6.2), so a lookup costs one node record, not one per child; a
    /// single-record listing has no tags and every child is read.
    func child(named name: String, in folder: FolderView) throws(VaultError) -> VerifiedChild? {
        try children(named: name, in: folder).first { !$0.metadata.isTrashed }
    }

    /// Every child named `name`: at most one not in the trash, and any number in it (§6.4).
    func children(named name: String, in folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        try children(named: [name], in: folder)
    }

    /// Every child whose name is one of `names`, in the trash or not. In a chunked listing only the children whose
    /// name tag is one of theirs are read (a bulk put reads the children it replaces, not the whole folder, §10.3).
    func children(named names: Set<String>, in folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        guard folder.manifest.isChunked else {
            return try children(of: folder).filter { names.contains($0.metadata.name) }
        }
        var tags: Set<[UInt8]> = []
        for name in names { tags.formUnion(NameTag.candidates(name, keys: folder.keys)) }
        var found: [VerifiedChild] = []
        for entry in folder.manifest.entries where entry.nameTag.map({ tags.contains($0) }) == true {
            let child = try child(entry, in: folder)
            if names.contains(child.metadata.name) { found.append(child) }
        }
        if Set(found.filter { !$0.metadata.isTrashed }.map(\.metadata.name)).count == names.count { return found }
        // A reader without the newest epoch's key cannot compute the tags of children written under it (§6.2):
        // the name may be one of them, so say that rather than "not found" (vault.md §8.3).
        if folder.keys.latest < folder.keyring.latestEpoch {
            throw .epochKeyUnavailable(folder: folder.id.hex, epoch: folder.keyring.latestEpoch)
        }
        return found
    }
}

extension Vault {
    /// The account's own root folder.
    func ownRoot() throws(VaultError) -> FolderView {
        guard try storage.getIfPresent(VaultStorage.recordID(rootID, .keys), limit: VaultRecordLimit.keyring) != nil
        else { throw try missingRoot() }
        let parentKeys = rootParentKeys
        return try loadFolder(
            owner: account.identity.publicKeys, id: rootID, parent: .zero, writers: ownWriters, members: [],
            path: VaultPath(root: .own, components: [])
        ) { keyring throws(VaultError) in try keyring.unwrap(parentKeys: parentKeys) }
    }

    /// Why the root's keyring is missing. Only when no record of the root is there and this device never accepted
    /// one is the vault simply not made yet (then `coffer vault init` is the answer); if this device has seen the
    /// root, it is a rollback to before the vault existed, and if other root records are there, the keyring alone
    /// is being withheld.
    func missingRoot() throws(VaultError) -> VaultError {
        let seen = try state.mark(.keyring, rootID)
        if seen > 0 { return .rollbackDetected(kind: FolderKeyring.kindName, seen: seen, presented: 0) }
        let prefix = "\(rootID.hex)."
        if try storage.list().contains(where: { $0.rawValue.hasPrefix(prefix) }) {
            return .notFound(
                "record \(VaultStorage.recordID(rootID, .keys)) (the keyring of this account's vault, whose other "
                    + "records are there: the storage side may be withholding it)")
        }
        return .notFound("this account's vault (run `coffer vault init`)")
    }

    /// The folder at `path`, walking down from its root.
    func folder(at path: VaultPath) throws(VaultError) -> FolderView {
        try reader.walk(from: root(of: path), path.components)
    }

    /// The root a path starts from: the own tree or an accepted share.
    func root(of path: VaultPath) throws(VaultError) -> FolderView {
        switch path.root {
        case .own: return try ownRoot()
        case .share(let name): return try sharedRoot(name)
        }
    }
}

/// The account's reads go through the same `FolderReader` a link opener uses, with this device's marks.
extension Vault {
    var reader: FolderReader { FolderReader(storage: storage, state: state, counter: counter, account: accountID) }

    func loadFolder(
        owner: IdentityPublicKeys, id: NodeID, parent: NodeID?, writers: VaultWriters, members: [IdentityBundle],
        path: VaultPath, keys reach: (FolderKeyring) throws(VaultError) -> EpochKeys
    ) throws(VaultError) -> FolderView {
        try reader.loadFolder(
            owner: owner, id: id, parent: parent, writers: writers, members: members, path: path, keys: reach)
    }

    func childFolder(_ child: VerifiedChild, in parent: FolderView) throws(VaultError) -> FolderView {
        try reader.childFolder(child, in: parent)
    }

    func child(_ entry: Manifest.Entry, in folder: FolderView) throws(VaultError) -> VerifiedChild {
        try reader.child(entry, in: folder)
    }

    func subfolders(of folder: FolderView) throws(VaultError) -> [FolderView] { try reader.subfolders(of: folder) }

    func children(of folder: FolderView) throws(VaultError) -> [VerifiedChild] { try reader.children(of: folder) }

    func visibleChildren(of folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        try reader.visibleChildren(of: folder)
    }

    func children(named name: String, in folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        try reader.children(named: name, in: folder)
    }

    func children(named names: Set<String>, in folder: FolderView) throws(VaultError) -> [VerifiedChild] {
        try reader.children(named: names, in: folder)
    }

    func child(named name: String, in folder: FolderView) throws(VaultError) -> VerifiedChild? {
        try reader.child(named: name, in: folder)
    }

    func content(of child: VerifiedChild) throws(VaultError) -> SealedContent { try reader.content(of: child) }
}
