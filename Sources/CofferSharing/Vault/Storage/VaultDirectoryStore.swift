// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// The local-directory storage side used by the CLI and the tests: one file per record, named by its id, shared
/// safely by any number of processes (Spec/vault.md §10.1).
///
/// - `create`: the bytes go to a fresh temporary file, which is `fsync`ed, then `link(2)`ed to the record's
///   name — `link` fails with `EEXIST` if the name exists, atomically, whoever else is writing — then the
///   directory is `fsync`ed. A crash leaves the record complete or absent (plus, at worst, a temporary file).
///   `createDeferringSync` stops before the directory `fsync`; `syncCreated` is that `fsync`, once for every record
///   created before it (one directory holds them all), so a bulk put pays it once per commit, not per record.
/// - `replace`: under an exclusive `flock(2)` on the directory's `.lock` file (released by the kernel if the
///   process dies), the current bytes are read and their version compared; then temporary file, `fsync`,
///   `rename(2)` over the record, directory `fsync`. Every `replace` and `remove` takes the lock, so none of them
///   can slip in between another's comparison and its rename.
/// - The version is `hex(SHA-256(bytes))`: two states with equal versions have equal bytes, so a compare-and-swap
///   that succeeds never overwrites bytes it did not see.
///
/// It also implements `RecordStore` (blind `put`) for account records and for tests that play a hostile
/// provider; the vault itself never calls `put`.
package struct VaultDirectoryStore: VaultRecordStore, VaultDeferredSyncStore, RecordStore {
    package let base: DirectoryRecordStore

    /// The store kept in `directory` (created if absent).
    package init(directory: URL) throws(KeysError) { base = try DirectoryRecordStore(directory: directory) }

    package var directory: URL { base.directory }
    package func get(_ id: RecordID) throws(KeysError) -> [UInt8] { try base.get(id) }
    package func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) { try base.put(id, bytes) }
    package func list() throws(KeysError) -> [RecordID] { try base.list() }

    func path(_ id: RecordID) -> String { directory.appendingPathComponent(id.rawValue).path }

    package func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
        let bytes = try DirectoryFile.read(path(id), id: id, maxSize: maxSize)
        return StoredRecord(bytes: bytes, version: Self.version(of: bytes))
    }

    /// Without the version: no hash over a file's payload, which may be large.
    package func readBytes(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> [UInt8] {
        try DirectoryFile.read(path(id), id: id, maxSize: maxSize)
    }

    package func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        try createDeferringSync(id, bytes)
        try syncCreated()
    }

    package func createDeferringSync(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        try DirectoryFile.atomically(id, path(id), placement: .createOnly, syncsDirectory: false) {
            writer throws(AtomicWriteError) in try writer.write(bytes)
        }
    }

    /// The directory's `fsync`: every name linked in it so far, by any process, survives a power loss.
    package func syncCreated() throws(VaultStoreError) { try DirectoryFile.syncDirectory(directory.path) }

    package func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion)
        throws(VaultStoreError)
    {
        try DirectoryFile.locked(directory.path) { () throws(VaultStoreError) in
            guard let current = try DirectoryFile.readIfPresent(path(id), id: id),
                Self.version(of: current) == version
            else { throw .versionMismatch(id) }
            try DirectoryFile.atomically(id, path(id), placement: .replace, syncsDirectory: true) {
                writer throws(AtomicWriteError) in try writer.write(bytes)
            }
        }
    }

    package func remove(_ id: RecordID) throws(VaultStoreError) {
        try DirectoryFile.locked(directory.path) { () throws(VaultStoreError) in
            guard unlink(path(id)) == 0 || errno == ENOENT else {
                throw .failure("cannot delete record \(id): \(SystemErrorText.describe(errno))")
            }
        }
    }

    package func recordIDs() throws(VaultStoreError) -> [RecordID] {
        do {
            return try base.list()
        } catch {
            throw .failure(error.description)
        }
    }

    /// `hex(SHA-256(bytes))`.
    static func version(of bytes: [UInt8]) -> RecordVersion {
        RecordVersion(SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined())
    }
}
