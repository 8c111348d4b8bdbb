// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

@testable import CofferSharing

/// An in-memory storage side for the large tests (10 000 files without 30 000 fsyncs) and the fault-injection
/// harness. Compare-and-swap under one lock; the version is a counter that only grows. Counts writes.
final class MemoryRecordStore: VaultRecordStore, RecordStore, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [RecordID: (bytes: [UInt8], version: UInt64)] = [:]
    private var writes = 0
    private var clock: UInt64 = 0

    var writeCount: Int { lock.withLock { writes } }

    init() {}

    /// A store holding a copy of `records` (each at a fresh version).
    init(copying records: [RecordID: [UInt8]]) {
        for (id, bytes) in records.sorted(by: { $0.key < $1.key }) { store(id, bytes) }
    }

    /// A copy of every record (the fault-injection harness compares states).
    var snapshot: [RecordID: [UInt8]] { lock.withLock { records.mapValues(\.bytes) } }

    // MARK: VaultRecordStore

    func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
        guard let record = lock.withLock({ records[id] }) else { throw .notFound(id) }
        guard record.bytes.count <= maxSize else {
            throw .tooLarge(id, size: UInt64(record.bytes.count), limit: maxSize)
        }
        return StoredRecord(bytes: record.bytes, version: RecordVersion(String(record.version)))
    }

    func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        let created = lock.withLock { () -> Bool in
            guard records[id] == nil else { return false }
            store(id, bytes)
            return true
        }
        guard created else { throw .alreadyExists(id) }
    }

    func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
        let replaced = lock.withLock { () -> Bool in
            guard let current = records[id], String(current.version) == version.token else { return false }
            store(id, bytes)
            return true
        }
        guard replaced else { throw .versionMismatch(id) }
    }

    func remove(_ id: RecordID) throws(VaultStoreError) { _ = lock.withLock { records.removeValue(forKey: id) } }

    func recordIDs() throws(VaultStoreError) -> [RecordID] { lock.withLock { records.keys.sorted() } }

    private func store(_ id: RecordID, _ bytes: [UInt8]) {
        clock += 1
        records[id] = (bytes, clock)
        writes += 1
    }

    // MARK: RecordStore (accounts, and a test playing the hostile provider)

    func get(_ id: RecordID) throws(KeysError) -> [UInt8] {
        guard let record = lock.withLock({ records[id] }) else { throw .notFound("record \(id)") }
        return record.bytes
    }

    func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) { lock.withLock { store(id, bytes) } }

    func list() throws(KeysError) -> [RecordID] { lock.withLock { records.keys.sorted() } }
}
