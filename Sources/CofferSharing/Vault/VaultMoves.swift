// SPDX-License-Identifier: MIT
import CofferFormat
import CofferKeys

extension Vault {
    /// Moves or renames `source` to `destination` in the same tree. A file gets a new header (its file key
    /// re-wrapped under the new folder's key) and a new record; its payload is untouched. A folder gets its
    /// keyring re-wrapped under the new parent and a new record; nothing below it changes.
    public func move(_ source: VaultPath, to destination: VaultPath) throws(VaultError) {
        guard let name = source.name else { throw .wrongNodeType(path: "/", expected: "a file or folder to move") }
        guard let newName = destination.name else { throw .alreadyExists("/") }
        guard source.root == destination.root else {
            throw .wrongNodeType(path: destination.description, expected: "a place in the same tree as the source")
        }
        if destination.components.starts(with: source.components) {
            throw .wrongNodeType(path: destination.description, expected: "a place outside the folder being moved")
        }
        let from = try folder(at: source.parent)
        guard let child = try child(named: name, in: from) else { throw .notFound(source.description) }
        let samePlace = destination.parent.components == source.parent.components
        let to = samePlace ? from : try folder(at: destination.parent)
        guard try self.child(named: newName, in: to) == nil else { throw .alreadyExists(destination.description) }
        var metadata = child.metadata
        metadata.name = newName
        let id = child.record.id
        var commitment = child.record.commitment
        if child.record.kind == .file {
            let moved = try content(of: child).rewrapped(keys: from.keys, node: id) { fileKey in
                [FolderKeyStanza.wrap(fileKey, folder: to.id, epoch: to.keys.latest, key: to.keys.latestKey, node: id)]
            }
            commitment = moved.commitment
            try storage.put(id, .head, moved.head)
        } else {
            let view = try childFolder(child, in: from)
            guard view.members == nil else {
                throw .wrongNodeType(path: source.description, expected: "a folder that is not shared (unshare first)")
            }
            let keyring = try view.keyring.rewrapped(
                under: to.id, parentKey: to.keys.latestKey, parentEpoch: to.keys.latest, keys: view.keys,
                signer: signer)
            try storage.put(id, .keys, keyring.encoded)
        }
        let record = NodeRecord.seal(
            treeOwner: to.owner, id: id, parent: to.id, kind: child.record.kind, version: child.record.version + 1,
            epoch: to.keys.latest, parentKey: to.keys.latestKey, commitment: commitment, metadata: metadata,
            signer: signer)
        try storage.put(id, .node, record.encoded)
        if samePlace {
            try updateListing(of: from, adding: [record])
        } else {
            try updateListing(of: to, adding: [record])
            try updateListing(of: from, adding: [], removing: [id])
        }
    }

    /// Removes the file or folder at `path` (a folder with everything below it): first from its folder's listing,
    /// then its records, so a crash never leaves a listed child missing.
    public func remove(_ path: VaultPath) throws(VaultError) {
        guard let name = path.name else { throw .wrongNodeType(path: "/", expected: "a file or folder to remove") }
        let parent = try folder(at: path.parent)
        guard let child = try child(named: name, in: parent) else { throw .notFound(path.description) }
        let doomed: [NodeID]
        if child.record.kind == .folder {
            doomed = try subtree(childFolder(child, in: parent))
        } else {
            doomed = [child.record.id]
        }
        try updateListing(of: parent, adding: [], removing: [child.record.id])
        let shares = try storage.list().filter { id in doomed.contains { id.rawValue.hasPrefix("\($0.hex).share-") } }
        for id in shares { storage.delete(id) }
        for node in doomed {
            for slot in [VaultStorage.Slot.list, .keys, .members, .head, .body, .node] { storage.delete(node, slot) }
        }
    }

    /// The folder's id and every node below it.
    func subtree(_ folder: FolderView) throws(VaultError) -> [NodeID] {
        var ids = [folder.id]
        for child in try children(of: folder) {
            if child.record.kind == .folder {
                ids += try subtree(childFolder(child, in: folder))
            } else {
                ids.append(child.record.id)
            }
        }
        return ids
    }
}
