// SPDX-License-Identifier: MIT
import CofferKeys

/// The vault's records on the storage side (Spec/vault.md §2, "Storage"). Two sorts of record:
///
/// - **immutable**, named by what they hold, created once and never replaced: `<node>.node-<h>` (a node record,
///   `h` = the first 16 bytes of its SHA-256, the hash the listing pins), `<node>.head-<c>` and `<node>.body-<c>`
///   (a file's age header and payload, `c` = the first 16 bytes of the node record's commitment),
///   `<folder>.chunk-<h>` (a listing chunk, `h` = the first 16 bytes of the SHA-256 its head pins);
/// - **commit points**, replaced only by compare-and-swap on their version: `<folder>.list`, `<folder>.keys`,
///   `<folder>.members`, `<folder>.share-<account>` (and, while a folder move is under way, `<folder>.keys-<parent>`,
///   the keyring still valid under the old parent).
///
/// Ids are opaque; the provider learns the shape of the tree and the sizes, never a name or a key.
package struct VaultStorage: Sendable {
    package enum Slot: String, Sendable {
        case node, head, body, keys, list, members

        /// The slot's word in record names.
        var label: RecordLabel {
            switch self {
            case .node: .node
            case .head: .head
            case .body: .body
            case .keys: .keys
            case .list: .list
            case .members: .members
            }
        }
    }

    let store: any VaultRecordStore

    /// The vault's storage side.
    package init(records: any VaultRecordStore) { store = records }

    /// A read-only view of a plain `RecordStore` (a link opener only reads; its writes are refused).
    package init(store: any RecordStore) { self.store = ReadOnlyRecordStore(base: store) }

    /// `<node>.<slot>`: the commit points (`keys`, `list`, `members`).
    package static func recordID(_ node: NodeID, _ slot: Slot) -> RecordID {
        RecordID(node.bytes, slot.label)
    }

    /// `<node>.node-<hex(hash[0:16])>`: the node record whose SHA-256 is `hash`.
    package static func nodeRecordID(_ node: NodeID, hash: [UInt8]) -> RecordID {
        RecordID(node.bytes, .node, hash.prefix(16))
    }

    /// `<folder>.chunk-<hex(hash[0:16])>`: the listing chunk whose SHA-256 is `hash` (Spec/vault.md §6.1).
    package static func chunkID(_ folder: NodeID, hash: [UInt8]) -> RecordID {
        RecordID(folder.bytes, .chunk, hash.prefix(16))
    }

    /// `<node>.head-<hex(commitment[0:16])>` or `<node>.body-…`: a file's header or payload.
    package static func contentID(_ node: NodeID, _ slot: Slot, commitment: [UInt8]) -> RecordID {
        RecordID(node.bytes, slot.label, commitment.prefix(16))
    }

    /// `<folder>.keys-<parent>`: the keyring of a folder being moved, as it was under `parent`.
    package static func movingKeysID(_ folder: NodeID, parent: NodeID) -> RecordID {
        RecordID(folder.bytes, .keys, parent.bytes)
    }

    package static func shareID(_ folder: NodeID, recipient: AccountID) -> RecordID {
        RecordID(folder.bytes, .share, recipient.bytes)
    }
}

/// Reads, bounded (Spec/vault.md §10.5): every read names the largest record of its kind, and a larger one is
/// `recordTooLarge` before it is read.
extension VaultStorage {
    /// The bytes and version, or nil when the record does not exist.
    func readVersioned(_ id: RecordID, limit: Int) throws(VaultError) -> StoredRecord? {
        do {
            return try store.read(id, maxSize: limit)
        } catch {
            switch error.reason {
            case .notFound: return nil
            case .tooLarge(_, let size, let limit): throw .recordTooLarge(record: id.rawValue, size: size, limit: limit)
            default: throw .storageFailure(error.description)
            }
        }
    }

    /// The bytes, or nil when the record does not exist (no version: for records read, not replaced).
    func getIfPresent(_ id: RecordID, limit: Int = VaultRecordLimit.other) throws(VaultError) -> [UInt8]? {
        do {
            return try store.readBytes(id, maxSize: limit)
        } catch {
            switch error.reason {
            case .notFound: return nil
            case .tooLarge(_, let size, let limit): throw .recordTooLarge(record: id.rawValue, size: size, limit: limit)
            default: throw .storageFailure(error.description)
            }
        }
    }

    /// The bytes; `notFound` when the record does not exist.
    func get(_ id: RecordID, limit: Int = VaultRecordLimit.other) throws(VaultError) -> [UInt8] {
        guard let bytes = try getIfPresent(id, limit: limit) else { throw .notFound("record \(id)") }
        return bytes
    }

    func list() throws(VaultError) -> [RecordID] {
        do {
            return try store.recordIDs()
        } catch {
            throw .storageFailure(error.description)
        }
    }
}

/// Writes: create-if-absent and compare-and-swap only (Spec/vault.md §10.1). Immutable records are created with
/// their durability deferred when the store can (`VaultDeferredSyncStore`); every write of a commit point first
/// makes them durable (`syncCreated`), so no commit point can survive a power loss that a record it names did not.
extension VaultStorage {
    /// Makes every record created so far durable before a commit point is written (nothing to do for a store
    /// whose creates are durable when they return).
    func syncCreated() throws(VaultError) {
        guard let deferring = store as? any VaultDeferredSyncStore else { return }
        do {
            try deferring.syncCreated()
        } catch {
            throw .storageFailure(error.description)
        }
    }

    /// `create` of an immutable record, its durability deferred to the next `syncCreated` when the store can.
    func createDeferringSync(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        if let deferring = store as? any VaultDeferredSyncStore {
            try deferring.createDeferringSync(id, bytes)
        } else {
            try store.create(id, bytes)
        }
    }

    /// Creates a new commit point (a fresh folder's keyring or listing, the root's); `alreadyExists` if present.
    func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultError) {
        try syncCreated()
        do {
            try store.create(id, bytes)
        } catch let error where error.code == .alreadyExists {
            throw .alreadyExists("record \(id)")
        } catch {
            throw .storageFailure(error.description)
        }
    }

    /// Creates an immutable record named by its content. One already there with the same bytes is the same record
    /// (a repeated write); other bytes under that name are refused.
    func createImmutable(_ id: RecordID, _ bytes: [UInt8], limit: Int) throws(VaultError) {
        do {
            try createDeferringSync(id, bytes)
        } catch let error where error.code == .alreadyExists {
            guard try getIfPresent(id, limit: limit) == bytes else {
                throw .storageFailure("record \(id) exists with other bytes than the ones named by its id")
            }
        } catch {
            throw .storageFailure(error.description)
        }
    }

    /// Replaces a commit point if it is still at `version`; `changedConcurrently` if another writer got there first.
    func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultError) {
        try syncCreated()
        do {
            try store.replace(id, bytes, ifVersion: version)
        } catch let error where error.code == .versionMismatch {
            throw .changedConcurrently(record: id.rawValue)
        } catch {
            throw .storageFailure(error.description)
        }
    }

    /// Writes a commit point whether or not it exists: `create` when absent, else `replace` at the version read
    /// (`changedConcurrently` if it changes in between). Never a blind overwrite.
    func write(_ id: RecordID, _ bytes: [UInt8], limit: Int) throws(VaultError) {
        if let current = try readVersioned(id, limit: limit) {
            guard current.bytes != bytes else { return }
            try replace(id, bytes, ifVersion: current.version)
        } else {
            try syncCreated()
            do {
                try store.create(id, bytes)
            } catch let error where error.code == .alreadyExists {
                throw .changedConcurrently(record: id.rawValue)
            } catch {
                throw .storageFailure(error.description)
            }
        }
    }

    /// Removes a record no committed state references any more. Best effort: a record left behind is unreferenced
    /// garbage, never a hole in the tree.
    func delete(_ id: RecordID) {
        try? store.remove(id)
    }

    /// Removes a record whose removal is the point of the operation (a revoked link): a failure is an error.
    func remove(_ id: RecordID) throws(VaultError) {
        do {
            try store.remove(id)
        } catch {
            throw .storageFailure(error.description)
        }
    }
}

/// A plain `RecordStore` seen as a read-only `VaultRecordStore` (the link opener). Its reads are checked against
/// the bound after reading, since `RecordStore` cannot say a size first.
struct ReadOnlyRecordStore: VaultRecordStore {
    let base: any RecordStore

    func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
        let bytes: [UInt8]
        do {
            bytes = try base.get(id)
        } catch let error where error.code == .notFound {
            throw .notFound(id)
        } catch {
            throw .failure(error.description)
        }
        guard bytes.count <= maxSize else { throw .tooLarge(id, size: UInt64(bytes.count), limit: maxSize) }
        return StoredRecord(bytes: bytes, version: VaultDirectoryStore.version(of: bytes))
    }

    func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) { throw .failure("read-only storage") }

    func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
        throw .failure("read-only storage")
    }

    func remove(_ id: RecordID) throws(VaultStoreError) { throw .failure("read-only storage") }

    func recordIDs() throws(VaultStoreError) -> [RecordID] {
        do {
            return try base.list()
        } catch {
            throw .failure(error.description)
        }
    }
}
