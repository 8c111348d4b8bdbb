// SPDX-License-Identifier: MIT

extension FolderReader {
    /// Runs `read`, which reads a record that `folder`'s listing, as read at `listing`, pins (one of its chunks, or
    /// a child's node record). When that record is missing and the listing has changed since (its storage version
    /// is no longer `listing`), another writer committed in between and deleted what the old listing pinned
    /// (Spec/vault.md §10.2): `changedConcurrently`, which a writer retries from a fresh read and a reader reports
    /// as "run it again". When the listing has not changed, the record is withheld: `childMissing` stands.
    func missingOrMoved<T>(
        folder: NodeID, listing: RecordVersion, _ read: () throws(VaultError) -> T
    ) throws(VaultError) -> T {
        do {
            return try read()
        } catch {
            guard case .childMissing = error.reason else { throw error }
            let listID = VaultStorage.recordID(folder, .list)
            if let now = try storage.readVersioned(listID, limit: VaultRecordLimit.listing), now.version != listing {
                throw .changedConcurrently(record: listID.rawValue)
            }
            throw error
        }
    }
}
