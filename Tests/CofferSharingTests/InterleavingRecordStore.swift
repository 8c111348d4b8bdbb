// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

@testable import CofferSharing

/// A storage wrapper that runs another operation, to completion and on the unwrapped store, just before its
/// `interleaveAt`-th call: one interleaving of two writers, chosen exactly. It also notes at which of its calls
/// each successful compare-and-swap happened, so a test can tell what committed before the other operation ran.
final class InterleavingRecordStore: VaultRecordStore, @unchecked Sendable {
    let base: any VaultRecordStore
    let interleaveAt: Int
    private let other: () -> Void
    private let lock = NSLock()
    private var calls = 0
    private var replaced: [(call: Int, id: RecordID)] = []

    init(base: any VaultRecordStore, interleaveAt: Int, other: @escaping () -> Void) {
        self.base = base
        self.interleaveAt = interleaveAt
        self.other = other
    }

    /// How many calls reached this wrapper.
    var callCount: Int { lock.withLock { calls } }

    /// The call numbers of the successful replaces of `id`.
    func replaceCalls(of id: RecordID) -> [Int] { lock.withLock { replaced.filter { $0.id == id }.map(\.call) } }

    private func step() -> Int {
        let call = lock.withLock { () -> Int in
            calls += 1
            return calls
        }
        if call == interleaveAt { other() }
        return call
    }

    func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
        _ = step()
        return try base.read(id, maxSize: maxSize)
    }

    func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        _ = step()
        try base.create(id, bytes)
    }

    func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
        let call = step()
        try base.replace(id, bytes, ifVersion: version)
        lock.withLock { replaced.append((call, id)) }
    }

    func remove(_ id: RecordID) throws(VaultStoreError) {
        _ = step()
        try base.remove(id)
    }

    func recordIDs() throws(VaultStoreError) -> [RecordID] {
        _ = step()
        return try base.recordIDs()
    }
}
