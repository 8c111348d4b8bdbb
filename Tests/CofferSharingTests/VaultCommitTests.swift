// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// The storage interface and the commit protocol (Spec/vault.md §10): compare-and-swap in the directory store,
/// concurrent writers, create-only init, bounded reads.
@Suite struct VaultCommitTests {
    func id(_ text: String) -> RecordID { try! RecordID(text) }

    @Test func theDirectoryStoreCreatesOnceAndReplacesOnlyTheVersionItWasGiven() throws {
        let world = World()
        let store = world.store
        try store.create(id("r.list"), [1, 2, 3])
        #expect(throws: VaultStoreError.alreadyExists(id("r.list"))) { try store.create(id("r.list"), [9]) }
        let first = try store.read(id("r.list"), maxSize: 3)
        #expect(first.bytes == [1, 2, 3])
        try store.replace(id("r.list"), [4, 5], ifVersion: first.version)
        // The version read before the replace is stale now: refused, and the record keeps the newer bytes.
        #expect(throws: VaultStoreError.versionMismatch(id("r.list"))) {
            try store.replace(id("r.list"), [6], ifVersion: first.version)
        }
        #expect(try store.read(id("r.list"), maxSize: 2).bytes == [4, 5])
        #expect(throws: VaultStoreError.tooLarge(id("r.list"), size: 2, limit: 1)) {
            try store.read(id("r.list"), maxSize: 1)
        }
        #expect(throws: VaultStoreError.versionMismatch(id("absent.list"))) {
            try store.replace(id("absent.list"), [1], ifVersion: first.version)
        }
        try store.remove(id("r.list"))
        try store.remove(id("r.list"))
        #expect(throws: VaultStoreError.notFound(id("r.list"))) { try store.read(id("r.list"), maxSize: 9) }
        // Neither the lock file nor a temporary file is a record.
        #expect(try store.recordIDs().isEmpty)
    }

    @Test func concurrentCompareAndSwapsOnTheDirectoryStoreLoseNoIncrement() throws {
        let world = World()
        let store = world.store
        try store.create(id("counter.list"), Array("0".utf8))
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<25 {
                while true {
                    let current = try! store.read(id("counter.list"), maxSize: 16)
                    let next = Array(String(Int(String(decoding: current.bytes, as: UTF8.self))! + 1).utf8)
                    do {
                        try store.replace(id("counter.list"), next, ifVersion: current.version)
                        break
                    } catch {}
                }
            }
        }
        #expect(String(decoding: try store.read(id("counter.list"), maxSize: 16).bytes, as: UTF8.self) == "200")
    }

    @Test func eightConcurrentWritersIntoOneFolderAreAllListed() throws {
        let world = World()
        try Self.eightConcurrentWriters(world, store: world.store)
    }

    /// Eight vaults of one account put a file each into one folder at once, on `store` (the directory here; a
    /// server in VaultOverHTTPTests): every file is listed and reads back, and the tree verifies.
    static func eightConcurrentWriters(_ world: World, store: any VaultRecordStore) throws {
        try world.vault(.alice, store: store).initialize()
        try world.vault(.alice, store: store).makeFolder(VaultPath("/f"))
        let failures = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                try world.vault(.alice, store: store).put(
                    Array("file \(index)".utf8), at: VaultPath("/f/\(index).txt"))
            } catch {
                failures.withLock { errors.append("\(error)") }
            }
        }
        #expect(errors.isEmpty)
        let vault = world.vault(.alice, store: store)
        #expect(try vault.list(VaultPath("/f")).map(\.name) == (0..<8).map { "\($0).txt" })
        for index in 0..<8 { #expect(try vault.read(VaultPath("/f/\(index).txt")) == Array("file \(index)".utf8)) }
        #expect(try vault.verify(VaultPath("/")).files == 8)
    }

    /// A store where every compare-and-swap loses, as if another writer always committed first.
    final class AlwaysContended: VaultRecordStore, @unchecked Sendable {
        let base: MemoryRecordStore
        init(_ base: MemoryRecordStore) { self.base = base }
        func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
            try base.read(id, maxSize: maxSize)
        }
        func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) { try base.create(id, bytes) }
        func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
            throw .versionMismatch(id)
        }
        func remove(_ id: RecordID) throws(VaultStoreError) { try base.remove(id) }
        func recordIDs() throws(VaultStoreError) -> [RecordID] { try base.recordIDs() }
    }

    /// Spec/vault.md §10.2–§10.3: a writer that keeps losing fails with `changedConcurrently`; it removes its node
    /// records and content, and leaves only the listing chunks it wrote (another writer's head may pin a chunk of
    /// the same bytes) — unreferenced records that `vault gc` collects, after which storage is as before.
    @Test func aWriterThatKeepsLosingFailsWithChangedConcurrentlyAndLeavesOnlyChunksForGC() throws {
        let world = World()
        let store = MemoryRecordStore()
        try world.vault(.alice, store: store).initialize()
        try world.vault(.alice, store: store).put(Array("old".utf8), at: VaultPath("/f"))
        let before = store.snapshot
        let contended = world.vault(.alice, store: AlwaysContended(store))
        #expect { try contended.put(Array("new".utf8), at: VaultPath("/f")) } throws: {
            ($0 as? VaultError)?.name == "changedConcurrently"
        }
        #expect { try contended.makeFolder(VaultPath("/d")) } throws: {
            ($0 as? VaultError)?.name == "changedConcurrently"
        }
        // The committed state is untouched; what is left is listing chunks of the root that its head does not pin.
        let owner = world.vault(.alice, store: store)
        let root = try owner.folder(at: VaultPath("/"))
        let pinned = Set((root.manifest.chunks ?? []).map { VaultStorage.chunkID(root.id, hash: $0.hash) })
        let left = store.snapshot.filter { before[$0.key] != $0.value }
        #expect(!left.isEmpty, "each attempt wrote a new chunk of the root's listing")
        for (id, _) in left {
            #expect(id.rawValue.hasPrefix("\(root.id.hex).chunk-") && !pinned.contains(id), "\(id) left behind")
        }
        #expect(before.allSatisfy { store.snapshot[$0.key] == $0.value }, "a committed record changed")
        #expect(try owner.read(VaultPath("/f")) == Array("old".utf8))
        // Two gc runs a grace period apart collect them, and nothing else.
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try owner.collectGarbage(now: start).deleted == 0)
        #expect(try owner.collectGarbage(now: start.addingTimeInterval(Vault.garbageGrace)).deleted == left.count)
        #expect(store.snapshot == before)
        #expect(try owner.read(VaultPath("/f")) == Array("old".utf8))
        _ = try owner.verify(VaultPath("/"))
    }

    @Test func initIsCreateOnlyAndAWithheldRootIsNotAnEmptyOne() throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.put(Array("kept".utf8), at: VaultPath("/kept.txt"))
        let root = NodeID.root(of: Person.alice.account.accountID)
        let listing = world.bytes(root, .list)
        // The provider withholds the root keyring: this device has seen it, so reads say rollback, not "no vault,
        // run init"…
        world.delete(root, .keys)
        #expect { try vault.list(VaultPath("/")) } throws: { ($0 as? VaultError)?.name == "rollbackDetected" }
        // …and init refuses rather than replacing the tree.
        #expect { try vault.initialize() } throws: { ($0 as? VaultError)?.name == "alreadyExists" }
        #expect(world.bytes(root, .list) == listing)
        // Every root record withheld: this device has seen the root, so init still refuses.
        world.delete(root, .list)
        #expect { try vault.initialize() } throws: { ($0 as? VaultError)?.name == "alreadyExists" }
        // A store that cannot be listed cannot rule anything out.
        let fresh = World()
        let broken = FaultyRecordStore(base: MemoryRecordStore(), failAt: 1, fault: .crash)
        #expect { try fresh.vault(.alice, store: broken).initialize() } throws: {
            ($0 as? VaultError)?.name == "storageFailure"
        }
        #expect(try broken.base.recordIDs().isEmpty)
    }

    /// Makes the record at `url` a sparse file of `size` bytes (no memory, no disk).
    func inflate(_ url: URL, to size: UInt64) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    @Test func oversizedRecordsAreRefusedBeforeTheyAreRead() throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/d"))
        try vault.put(Array("x".utf8), at: VaultPath("/d/x"))
        let d = world.folderID("/d", as: .alice)
        let x = world.id("x", in: "/d", as: .alice)
        let cases: [(NodeID, VaultStorage.Slot, UInt64, String)] = [
            (x, .node, 2 << 30, "/d/x"),  // the 2 GiB node record of the issue
            (x, .head, 4097, "/d/x"),
            (x, .body, 16 + 1 + 16 + 1, "/d/x"),
            (d, .list, UInt64(VaultRecordLimit.listing) + 1, "/d/x"),
            (d, .keys, UInt64(VaultRecordLimit.keyring) + 1, "/d/x"),
            (d, .members, UInt64(VaultRecordLimit.members) + 1, "/d/x"),
        ]
        for (node, slot, size, path) in cases {
            let url = world.url(node, slot)
            let kept = try? Data(contentsOf: url)  // /d has no member list: the provider makes one up
            if kept == nil { try Data().write(to: url) }
            try inflate(url, to: size)
            expectNoPlaintext(world.vault(.alice), path, in: world) {
                if case .recordTooLarge(_, size, _) = $0.reason { true } else { false }
            }
            if let kept { try kept.write(to: url) } else { try FileManager.default.removeItem(at: url) }
        }
        #expect(try vault.read(VaultPath("/d/x")) == Array("x".utf8))
    }
}
