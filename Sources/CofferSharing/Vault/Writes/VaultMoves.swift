// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys

extension Vault {
    /// Moves or renames `source` to `destination` in the same tree (Spec/vault.md §10.4). A file moved to another
    /// folder gets a new header (its file key re-wrapped under the new folder's key), a copy of its payload under
    /// the new header's name and a new record; renamed in place, a new record only. A folder gets its keyring
    /// re-wrapped under the new parent — the old one kept as `<folder>.keys-<old parent>` until the move is done —
    /// and a new record; nothing below it changes. Then the destination's listing, then the source's: interrupted
    /// in between, the node is listed in both places, each readable, and running the same move again finishes it.
    /// Across folders of this account's own tree an intent record names the move, so `vault repair` finishes it
    /// (or rolls it back, before the destination's commit) without the command line.
    public func move(_ source: VaultPath, to destination: VaultPath) throws(VaultError) {
        try moveDroppingVersions(source, to: destination)
    }

    /// `move`, returning how many earlier versions the moved file's record named that its new record does not: a
    /// file moved to another folder starts a new history (§4.1), and those versions are left for `vault gc`. 0 for
    /// a rename in place and for a folder (nothing below a moved folder is rewritten).
    @discardableResult
    package func moveDroppingVersions(_ source: VaultPath, to destination: VaultPath) throws(VaultError) -> Int {
        guard let name = source.name else { throw .wrongNodeType(path: "/", expected: "a file or folder to move") }
        guard let newName = destination.name else { throw .alreadyExists("/") }
        guard source.root == destination.root else {
            throw .wrongNodeType(path: destination.description, expected: "a place in the same tree as the source")
        }
        if destination.components.starts(with: source.components) {
            throw .wrongNodeType(path: destination.description, expected: "a place outside the folder being moved")
        }
        return try committing { () throws(VaultError) -> Int in
            let from = try folder(at: source.parent)
            try from.checkRole()
            guard let child = try child(named: name, in: from) else { throw .notFound(source.description) }
            let samePlace = destination.parent.components == source.parent.components
            let to = samePlace ? from : try folder(at: destination.parent)
            try to.checkRole()
            if let there = try self.child(named: newName, in: to) {
                // The same node already at the destination: an earlier run of this move stopped half-way.
                guard !samePlace, there.record.id == child.record.id else {
                    throw .alreadyExists(destination.description)
                }
                try updateListing(of: from, adding: [], removing: [child.record.id])
                deleteMovedRecords(child, from: from, keepingContent: false)
                if source.root == .own { try clearIntents(like: moveIntent(child, to: to)) }
                return child.metadata.previous.count
            }
            // Across folders in this account's tree, an intent names the move before its first commit (§10.9).
            let intent = samePlace || source.root != .own ? nil : moveIntent(child, to: to)
            if let intent { try record(intent) }
            let record: NodeRecord
            do throws(VaultError) {
                record = try moveRecords(child, named: newName, from: from, to: to, path: source)
            } catch {
                guard case .wrongNodeType = error.reason else { throw error }
                // Refused (a shared folder, an unfinished move elsewhere) before any commit: nothing to repair.
                if let intent { storage.delete(VaultIntent.recordID(root: rootID, intent: intent.id)) }
                throw error
            }
            let unlisted = { () in
                if samePlace {  // the content is the old record's too
                    storage.delete(VaultStorage.nodeRecordID(record.id, hash: record.hash))
                } else if child.record.kind == .file {
                    deleteFileRecords(record)
                }
            }
            try cleaningUp(unlisted) { () throws(VaultError) in try updateListing(of: to, adding: [record]) }
            if !samePlace { try updateListing(of: from, adding: [], removing: [child.record.id]) }
            deleteMovedRecords(child, from: from, keepingContent: samePlace)
            if let intent { try clearIntents(like: intent) }
            return samePlace ? 0 : child.metadata.previous.count
        }
    }

    /// The intent of moving `child` into `to` (the source is wherever else it is listed).
    func moveIntent(_ child: VerifiedChild, to: FolderView) -> VaultIntent {
        VaultIntent(action: .move(node: child.record.id, destination: to.id))
    }

    /// The moved node's new records (not yet listed): for a file moved to another folder its new header, payload
    /// copy and record (renamed in place, the record alone: the header's stanza still names this folder and node);
    /// for a folder moved to another parent its re-wrapped keyring (the old one kept for readers coming from
    /// `from`).
    func moveRecords(_ child: VerifiedChild, named newName: String, from: FolderView, to: FolderView, path: VaultPath)
        throws(VaultError) -> NodeRecord
    {
        var metadata = child.metadata
        metadata.name = newName
        // Earlier versions name the folder they were written in (§4.1): a file moved elsewhere starts a new history,
        // and the old one is left for `vault gc`.
        if to.id != from.id { metadata.previous = [] }
        let id = child.record.id
        var commitment = child.record.commitment
        if child.record.kind == .file, to.id != from.id {
            let moved = try content(of: child).rewrapped(keys: from.keys, node: id) { fileKey in
                [FolderKeyStanza.wrap(fileKey, folder: to.id, epoch: to.keys.latest, key: to.keys.latestKey, node: id)]
            }
            commitment = moved.commitment
            try storeContent(moved, of: id)
        } else if to.id != from.id {
            let view = try childFolder(child, in: from)
            // A folder whose member list names nobody any more (its last member was removed) moves as an unshared
            // one, by its owner only: its keyring must stay owner-signed (§8.1 step 2), and no share leads into it.
            guard view.members?.members.isEmpty ?? true, view.members == nil || path.root == .own else {
                throw .wrongNodeType(path: path.description, expected: "a folder that is not shared (unshare first)")
            }
            try moveKeyring(of: view, from: from, to: to, path: path)
        }
        let record = NodeRecord.seal(
            treeOwner: to.owner, id: id, parent: to.id, kind: child.record.kind, version: child.record.version + 1,
            epoch: to.keys.latest, parentKey: to.keys.latestKey, commitment: commitment, metadata: metadata,
            signer: signer)
        try storeNodeRecord(record)
        return record
    }

    /// Keeps `view`'s keyring as `<folder>.keys-<from>` (what a reader coming from `from` uses once `.keys` names
    /// `to`), then replaces `<folder>.keys` by compare-and-swap with the keyring re-wrapped under `to`.
    func moveKeyring(of view: FolderView, from: FolderView, to: FolderView, path: VaultPath) throws(VaultError) {
        try storage.write(
            VaultStorage.movingKeysID(view.id, parent: from.id), view.keyring.encoded, limit: VaultRecordLimit.keyring)
        let keysID = VaultStorage.recordID(view.id, .keys)
        guard view.versions.keyringIsMoving else {
            let keyring = try view.keyring.rewrapped(
                under: to.id, parentKey: to.keys.latestKey, parentEpoch: to.keys.latest, keys: view.keys,
                signer: signer)
            try storage.replace(keysID, keyring.encoded, ifVersion: view.versions.keyring)
            return
        }
        // `.keys` already names another parent: a move of this folder stopped half-way. Only its own destination
        // can continue it; moving elsewhere now would leave the folder unreadable where that move listed it.
        let current = try storage.get(keysID, limit: VaultRecordLimit.keyring)
        guard try FolderKeyring(parsing: current).parent == to.id else {
            throw .wrongNodeType(
                path: path.description, expected: "a folder whose earlier, unfinished move is finished first")
        }
    }

    /// After a move committed: the records only the source's old listing referenced.
    func deleteMovedRecords(_ child: VerifiedChild, from: FolderView, keepingContent: Bool) {
        if child.record.kind == .file, !keepingContent {
            deleteFileRecords(child.record)
        } else {
            storage.delete(VaultStorage.nodeRecordID(child.record.id, hash: child.record.hash))
            storage.delete(VaultStorage.movingKeysID(child.record.id, parent: from.id))
        }
    }

    /// Removes the file or folder at `path` (a folder with everything below it): first from its folder's listing —
    /// the commit point —, then its records, so a crash never leaves a listed child missing. A folder whose move
    /// is unfinished (it may be listed in another place too) is only unlisted here.
    package func remove(_ path: VaultPath) throws(VaultError) {
        guard let name = path.name else { throw .wrongNodeType(path: "/", expected: "a file or folder to remove") }
        try committing { () throws(VaultError) in
            let parent = try folder(at: path.parent)
            try parent.checkRole()
            guard let child = try child(named: name, in: parent) else { throw .notFound(path.description) }
            if child.record.kind == .file {
                try updateListing(of: parent, adding: [], removing: [child.record.id])
                deleteFileRecords(child.record)
                return
            }
            let view = try childFolder(child, in: parent)
            let all = try storage.list()
            let moving = all.contains { $0.rawValue.hasPrefix("\(view.id.hex).keys-") }
            let doomed = moving || view.versions.keyringIsMoving ? [] : try subtreeRecords(view, among: all)
            try updateListing(of: parent, adding: [], removing: [child.record.id])
            storage.delete(VaultStorage.nodeRecordID(child.record.id, hash: child.record.hash))
            storage.delete(VaultStorage.movingKeysID(child.record.id, parent: parent.id))
            for id in doomed { storage.delete(id) }
        }
    }

    /// The records of `folder` and everything below it: listings and their chunks, keyrings, member lists, share
    /// records, and every child's record and content.
    func subtreeRecords(_ folder: FolderView, among all: [RecordID]) throws(VaultError) -> [RecordID] {
        var ids = [VaultStorage.Slot.list, .keys, .members].map { VaultStorage.recordID(folder.id, $0) }
        ids += all.filter { $0.rawValue.hasPrefix("\(folder.id.hex).share-") }
        ids += (folder.manifest.chunks ?? []).map { chunk in VaultStorage.chunkID(folder.id, hash: chunk.hash) }
        for child in try children(of: folder) {
            ids.append(VaultStorage.nodeRecordID(child.record.id, hash: child.record.hash))
            if child.record.kind == .folder {
                ids += try subtreeRecords(childFolder(child, in: folder), among: all)
            } else {
                ids.append(VaultStorage.contentID(child.record.id, .head, commitment: child.record.commitment))
                ids.append(VaultStorage.contentID(child.record.id, .body, commitment: child.record.commitment))
            }
        }
        return ids
    }
}
