// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// A file or folder in the trash (Spec/vault.md §6.4): still listed in its folder, its record flagged with the
/// time it was trashed, so a restore brings it back whole (a folder with everything below it).
package struct VaultTrashEntry: Sendable, Equatable {
    /// Where it was: its folder and its name there.
    package let path: VaultPath
    package let kind: NodeRecord.Kind
    package let size: UInt64
    /// When it went to the trash, Unix seconds.
    package let trashed: UInt64
    package let id: NodeID
    /// Who moved it to the trash.
    package let writer: AccountID
}

extension VaultTrashEntry {
    init(_ child: VerifiedChild, in folder: FolderView) {
        self.init(
            path: folder.path.appending(child.metadata.name), kind: child.record.kind, size: child.metadata.size,
            trashed: child.metadata.trashed, id: child.record.id, writer: child.record.signer)
    }
}

extension Vault {
    /// `rm`: moves the file or folder at `path` to the trash of its folder — one commit, a new record of the node
    /// flagged `trashed` (§6.4); nothing is deleted, and the content and everything below a folder stay as they
    /// are. A folder that holds anything needs `recursive` (else `.wrongNodeType(path, expected: emptyFolder)`).
    package func trash(_ path: VaultPath, recursive: Bool, now: Date = Date()) throws(VaultError) {
        guard let name = path.name else { throw .wrongNodeType(path: "/", expected: "a file or folder to remove") }
        try committing { () throws(VaultError) in
            let parent = try folder(at: path.parent)
            try parent.checkWritable()
            guard let child = try child(named: name, in: parent) else { throw .notFound(path.description) }
            if !recursive, child.record.kind == .folder,
                try !visibleChildren(of: childFolder(child, in: parent)).isEmpty
            {
                throw .wrongNodeType(path: path.description, expected: Self.emptyFolder)
            }
            var metadata = child.metadata
            metadata.trashed = max(1, UInt64(max(0, now.timeIntervalSince1970)))
            try replaceRecord(of: child, with: metadata, in: parent)
        }
    }

    /// Brings the entry `name` of the trash of `path`'s folder back to `path` (the newest one trashed under that name,
    /// or the node `id`), or under `newName` in the same folder: one commit, a new record without the flag. The name
    /// must be free (`alreadyExists`); `notFound` when no such entry is in the trash.
    package func restoreFromTrash(_ path: VaultPath, id: NodeID? = nil, as newName: String? = nil) throws(VaultError) {
        guard let name = path.name else { throw .notFound("/ in the trash") }
        let target = newName ?? name
        try committing { () throws(VaultError) in
            let parent = try folder(at: path.parent)
            try parent.checkWritable()
            let entries = try children(named: name, in: parent).filter {
                $0.metadata.isTrashed && (id == nil || $0.record.id == id)
            }
            guard let entry = entries.max(by: { $0.metadata.trashed < $1.metadata.trashed }) else {
                throw .notFound("\(path) in the trash")
            }
            guard try child(named: target, in: parent) == nil else {
                throw .alreadyExists(path.parent.appending(target).description)
            }
            var metadata = entry.metadata
            metadata.trashed = 0
            metadata.name = target
            try replaceRecord(of: entry, with: metadata, in: parent)
        }
    }

    /// What is in the trash of the folder at `path` and of every folder below it that is not itself in the trash
    /// (a trashed folder is one entry, with everything below it), by path then time.
    package func trashEntries(under path: VaultPath) throws(VaultError) -> [VaultTrashEntry] {
        var out: [VaultTrashEntry] = []
        var queue = [try folder(at: path)]
        while !queue.isEmpty {
            let view = queue.removeFirst()
            for child in try children(of: view) {
                if child.metadata.isTrashed {
                    out.append(VaultTrashEntry(child, in: view))
                } else if child.record.kind == .folder {
                    queue.append(try childFolder(child, in: view))
                }
            }
        }
        return out.sorted { ($0.path.description, $0.trashed) < ($1.path.description, $1.trashed) }
    }

    /// Why `path` is not found, when its folder's trash says (§6.4): the trashed entry that holds its place —
    /// `path` itself, or a trashed folder above it — the newest one trashed under that name; nil when nothing in
    /// a trash explains it (a live file where a folder is needed, or no entry of that name at all). Reads what a
    /// lookup of `path` reads, plus the trashed children of the name that is missing.
    package func trashedEntry(holding path: VaultPath) throws(VaultError) -> VaultTrashEntry? {
        var view = try root(of: path)
        for name in path.components {
            let found = try children(named: name, in: view)
            if let live = found.first(where: { !$0.metadata.isTrashed }) {
                guard live.record.kind == .folder else { return nil }
                view = try childFolder(live, in: view)
                continue
            }
            return found.max { $0.metadata.trashed < $1.metadata.trashed }.map { VaultTrashEntry($0, in: view) }
        }
        return nil
    }

    /// `vault trash empty`: deletes for good what is in the trash under `path` — all of it, or what went there at or
    /// before `trashedBefore` (Unix seconds) — one commit per folder: the entries leave the listing first, then their
    /// records go (a folder's with everything below it; earlier versions are left for `vault gc`). Returns how many
    /// entries were deleted.
    @discardableResult
    package func emptyTrash(under path: VaultPath, trashedBefore cutoff: UInt64 = .max) throws(VaultError) -> Int {
        var folders: [String: VaultPath] = [:]
        for entry in try trashEntries(under: path) where entry.trashed <= cutoff {
            folders[entry.path.parent.description] = entry.path.parent
        }
        var count = 0
        for (_, folderPath) in folders.sorted(by: { $0.key < $1.key }) {
            count += try committing { () throws(VaultError) in
                let parent = try folder(at: folderPath)
                let doomed = try children(of: parent).filter { $0.metadata.isTrashed && $0.metadata.trashed <= cutoff }
                guard !doomed.isEmpty else { return 0 }
                let all = try storage.list()
                var records: [RecordID] = []
                for child in doomed {
                    records.append(VaultStorage.nodeRecordID(child.record.id, hash: child.record.hash))
                    if child.record.kind == .file {
                        records.append(
                            VaultStorage.contentID(child.record.id, .head, commitment: child.record.commitment))
                        records.append(
                            VaultStorage.contentID(child.record.id, .body, commitment: child.record.commitment))
                        continue
                    }
                    let view = try childFolder(child, in: parent)
                    // A folder whose move is unfinished may be listed elsewhere too: only unlisted here (as `remove`).
                    guard !all.contains(where: { $0.rawValue.hasPrefix("\(view.id.hex).keys-") }),
                        !view.versions.keyringIsMoving
                    else { continue }
                    records += try subtreeRecords(view, among: all)
                }
                try updateListing(of: parent, adding: [], removing: Set(doomed.map(\.record.id)))
                for id in records { storage.delete(id) }
                return doomed.count
            }
        }
        return count
    }

    /// Commits a new record of `child` in `parent` with `metadata` and the same content (the next version, sealed
    /// under the newest epoch); then deletes the old record alone, the content being the new record's too.
    func replaceRecord(of child: VerifiedChild, with metadata: NodeMetadata, in parent: FolderView) throws(VaultError) {
        let record = NodeRecord.seal(
            treeOwner: parent.owner, id: child.record.id, parent: parent.id, kind: child.record.kind,
            version: child.record.version + 1, epoch: parent.keys.latest, parentKey: parent.keys.latestKey,
            commitment: child.record.commitment, metadata: metadata, signer: signer)
        try storeNodeRecord(record)
        let newID = VaultStorage.nodeRecordID(record.id, hash: record.hash)
        try cleaningUp({ storage.delete(newID) }) { () throws(VaultError) in
            try updateListing(of: parent, adding: [record])
        }
        storage.delete(VaultStorage.nodeRecordID(child.record.id, hash: child.record.hash))
    }
}
