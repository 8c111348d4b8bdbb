// SPDX-License-Identifier: MIT
import CofferKeys

extension Vault {
    /// A new folder's listing: a head of version 1 with no chunks (Spec/vault.md §6.1).
    func emptyListing(treeOwner: AccountID, folder: NodeID) -> ListingHead {
        ListingHead.make(treeOwner: treeOwner, folder: folder, version: 1, chunks: [], signer: signer)
    }

    /// Writes `folder`'s next listing — the commit point — by compare-and-swap on the version read with the folder:
    /// the verified entries, minus `removing`, with `adding` (replacing entries of the same id), each added entry
    /// with its name tag (§6.2). Only the chunks that change are written, as new records, before the head; the
    /// head is replaced; then the chunks it no longer pins are deleted (Spec/vault.md §10.3). A folder still on a
    /// single-record listing is converted, which reads every child once for its tag. `changedConcurrently` if
    /// another writer committed first, which includes an unshare that committed a new epoch after `folder` was read
    /// (it rewrites the listing, §10.6). After a lost compare-and-swap the new chunks stay for `vault gc`: a chunk
    /// with the same bytes may be the winner's (§10.10).
    func updateListing(of folder: FolderView, adding: [NodeRecord], removing: Set<NodeID> = []) throws(VaultError) {
        try folder.checkRole()
        if !adding.isEmpty { try folder.checkWritable() }
        var added: [Manifest.Entry] = []
        added.reserveCapacity(adding.count)
        for record in adding {
            let name = try record.openMetadata(parentKeys: folder.keys).name
            added.append(
                Manifest.Entry(
                    id: record.id, kind: record.kind, recordHash: record.hash,
                    nameTag: NameTag.of(name, key: try folder.keys.key(record.epoch))))
        }
        var base: [Manifest.Entry]? = nil
        if !folder.manifest.isChunked {
            var tagged: [Manifest.Entry] = []
            for child in try children(of: folder) {
                tagged.append(
                    Manifest.Entry(
                        id: child.entry.id, kind: child.entry.kind, recordHash: child.entry.recordHash,
                        nameTag: NameTag.of(child.metadata.name, key: try folder.keys.key(child.record.epoch))))
            }
            base = tagged
        }
        let version = folder.manifest.version + 1
        let update = folder.manifest.updated(
            adding: added, removing: removing, treeOwner: folder.owner, folder: folder.id, version: version,
            base: base, shape: listingShape)
        guard update.childCount <= Manifest.maximumChildren else {
            throw .limitReached(what: "the children of a folder", limit: Manifest.maximumChildren)
        }
        guard update.chunks.count <= ListingHead.maximumChunks else {
            throw .limitReached(what: "the chunks of a folder's listing", limit: UInt32(ListingHead.maximumChunks))
        }
        for chunk in update.created {
            try storage.createImmutable(
                VaultStorage.chunkID(folder.id, hash: chunk.hash), chunk.encoded, limit: VaultRecordLimit.chunk)
        }
        let head = ListingHead.make(
            treeOwner: folder.owner, folder: folder.id, version: version, chunks: update.chunks, signer: signer)
        try storage.replace(VaultStorage.recordID(folder.id, .list), head.encoded, ifVersion: folder.versions.listing)
        try state.raise(.manifest, folder.id, to: version)
        for hash in update.dropped { storage.delete(VaultStorage.chunkID(folder.id, hash: hash)) }
    }
}
