// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

@testable import CofferSharing

/// An in-memory storage side for the large tests (10 000 files without 30 000 fsyncs). Counts writes.
final class MemoryRecordStore: DeletingRecordStore, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [RecordID: [UInt8]] = [:]
    private var writes = 0

    var writeCount: Int { lock.withLock { writes } }

    func get(_ id: RecordID) throws(KeysError) -> [UInt8] {
        guard let bytes = lock.withLock({ records[id] }) else { throw .notFound("record \(id)") }
        return bytes
    }

    func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) {
        lock.withLock {
            records[id] = bytes
            writes += 1
        }
    }

    func list() throws(KeysError) -> [RecordID] { lock.withLock { records.keys.sorted() } }

    func delete(_ id: RecordID) throws(KeysError) { _ = lock.withLock { records.removeValue(forKey: id) } }
}
