// SPDX-License-Identifier: MIT
import CofferKeys

/// `vault repair` for an interrupted move across folders (Spec/vault.md §10.9). The intent names the node and its
/// destination; the source is wherever else the tree lists the node. The rule: finish forward once the destination
/// lists the node (its listing is the move's first commit), otherwise roll back — the source still lists the node,
/// and the records the move wrote before are unreferenced (a folder's keyring, already re-wrapped under the
/// destination, is put back from the copy kept for the source). Either way the node ends listed exactly once, in
/// a folder that reads, and nothing listed before is lost. (Rolling forward before the destination's commit would
/// need the new name, which the intent does not hold: the name is not the provider's to learn, even sealed, by
/// its length.)
extension Vault {
    /// Returns true when the move was finished, false when it was rolled back (or there was nothing to do).
    func completeMove(_ node: NodeID, to destination: NodeID) throws(VaultError) -> Bool {
        try committing { () throws(VaultError) in
            let places = try foldersListing(node)
            guard places.contains(where: { $0.id == destination }) else {
                for place in places { try restoreKeyring(of: node, in: place, movedTo: destination) }
                return false
            }
            for place in places where place.id != destination {
                guard let entry = place.manifest.entry(node) else { continue }
                let child = try child(entry, in: place)
                try updateListing(of: place, adding: [], removing: [node])
                deleteMovedRecords(child, from: place, keepingContent: false)
            }
            // A keyring kept for a source that no longer lists the folder (the move had got past its last listing).
            let kept = "\(node.hex).keys-"
            for id in try storage.list() where id.rawValue.hasPrefix(kept) {
                if id != VaultStorage.movingKeysID(node, parent: destination) { storage.delete(id) }
            }
            return true
        }
    }

    /// Every folder of this account's tree whose listing names `node` (each step verified; a folder a half-done
    /// move lists twice is walked once).
    func foldersListing(_ node: NodeID) throws(VaultError) -> [FolderView] {
        var queue = [try ownRoot()]
        var seen: Set<NodeID> = []
        var places: [FolderView] = []
        while !queue.isEmpty {
            let folder = queue.removeFirst()
            guard seen.insert(folder.id).inserted else { continue }
            if folder.manifest.entry(node) != nil { places.append(folder) }
            queue += try subfolders(of: folder)
        }
        return places
    }

    /// Rolls back a folder's keyring that a move re-wrapped under `destination` before the destination listed it:
    /// `.keys` gets back the keyring kept as `<folder>.keys-<place>` (compare-and-swap on the version read), then
    /// that copy is deleted. A file, or a folder whose keyring names `place` still, needs nothing.
    func restoreKeyring(of node: NodeID, in place: FolderView, movedTo destination: NodeID) throws(VaultError) {
        guard let entry = place.manifest.entry(node), entry.kind == .folder else { return }
        let keysID = VaultStorage.recordID(node, .keys)
        let keptID = VaultStorage.movingKeysID(node, parent: place.id)
        guard let current = try storage.readVersioned(keysID, limit: VaultRecordLimit.keyring) else { return }
        let parent = try FolderKeyring(parsing: current.bytes).parent
        guard parent == destination else {
            // The move stopped before `.keys` was replaced: the copy it kept is not needed.
            if parent == place.id { storage.delete(keptID) }
            return
        }
        // Reading the folder from `place` checks the kept keyring (placement, signature, it opens) first.
        let view = try childFolder(child(entry, in: place), in: place)
        guard view.versions.keyringIsMoving,
            let kept = try storage.getIfPresent(keptID, limit: VaultRecordLimit.keyring)
        else { return }
        try storage.replace(keysID, kept, ifVersion: current.version)
        storage.delete(keptID)
    }
}
