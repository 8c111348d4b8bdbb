// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// The local-directory storage side used by the CLI and the tests: `DirectoryRecordStore` plus deletion.
public struct VaultDirectoryStore: DeletingRecordStore {
    public let base: DirectoryRecordStore

    public init(directory: URL) throws(KeysError) { base = try DirectoryRecordStore(directory: directory) }

    public var directory: URL { base.directory }
    public func get(_ id: RecordID) throws(KeysError) -> [UInt8] { try base.get(id) }
    public func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) { try base.put(id, bytes) }
    public func list() throws(KeysError) -> [RecordID] { try base.list() }

    public func delete(_ id: RecordID) throws(KeysError) {
        let url = directory.appendingPathComponent(id.rawValue)
        guard unlink(url.path) == 0 || errno == ENOENT else {
            throw .storageFailure("cannot delete record \(id): \(SystemErrorText.describe(errno))")
        }
    }
}
