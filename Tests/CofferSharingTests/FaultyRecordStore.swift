// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation

@testable import CofferSharing

/// A storage side that fails on purpose: at its `failAt`-th call (reads, creates, replaces, removes and listings
/// all count) it either refuses that one call (a provider answering `EPERM`, a `5xx`), or crashes — that call and
/// every later one fail, as when the process is killed there; the test then reopens the vault on `base`.
///
/// It defers durability as the directory store does (`VaultDeferredSyncStore`, Spec/vault.md §10.1): it remembers
/// the records created since the last `syncCreated`, and `losePower()` removes them from `base`, as a power loss
/// would take their names away.
final class FaultyRecordStore: VaultDeferredSyncStore, @unchecked Sendable {
    enum Fault: String, CaseIterable, Sendable {
        case refuse, crash
    }

    let base: any VaultRecordStore
    let failAt: Int
    let fault: Fault
    private let lock = NSLock()
    private var calls = 0
    private var crashed = false
    private var unsynced: Set<RecordID> = []

    /// False for a store whose `syncCreated` does nothing (a broken store, or a writer that never synced): what
    /// the power-loss test must catch.
    let syncs: Bool

    init(base: any VaultRecordStore, failAt: Int, fault: Fault, syncs: Bool = true) {
        self.base = base
        self.failAt = failAt
        self.fault = fault
        self.syncs = syncs
    }

    /// How many calls reached the store (counting the failed ones).
    var callCount: Int { lock.withLock { calls } }

    private func step() throws(VaultStoreError) {
        let fail = lock.withLock { () -> Bool in
            calls += 1
            if calls == failAt, fault == .crash { crashed = true }
            return crashed || calls == failAt
        }
        if fail { throw .failure("injected \(fault.rawValue) at call \(failAt)") }
    }

    func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
        try step()
        return try base.read(id, maxSize: maxSize)
    }

    func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        try step()
        try base.create(id, bytes)
    }

    func createDeferringSync(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        try step()
        try base.create(id, bytes)
        lock.withLock { _ = unsynced.insert(id) }
    }

    func createDeferringSync(_ id: RecordID, writingWith write: (ByteSink) throws -> Void) throws(VaultStoreError) {
        try step()
        try base.create(id, writingWith: write)
        lock.withLock { _ = unsynced.insert(id) }
    }

    func syncCreated() throws(VaultStoreError) {
        try step()
        if syncs { lock.withLock { unsynced.removeAll() } }
    }

    /// What a power loss takes: every record created since the last `syncCreated` is removed from `base`. Returns
    /// how many.
    @discardableResult func losePower() -> Int {
        let lost = lock.withLock { unsynced }
        for id in lost { try? base.remove(id) }
        return lost.count
    }

    func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
        try step()
        try base.replace(id, bytes, ifVersion: version)
    }

    func remove(_ id: RecordID) throws(VaultStoreError) {
        try step()
        try base.remove(id)
    }

    func recordIDs() throws(VaultStoreError) -> [RecordID] {
        try step()
        return try base.recordIDs()
    }
}
