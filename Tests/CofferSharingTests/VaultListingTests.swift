// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// Chunked listings (Spec/vault.md §6.1, §6.2, §10.3): the cost of one change does not grow with the folder, splits
/// and merges keep every child, a single-record listing still reads and is converted by the next write.
@Suite struct VaultListingTests {
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    /// Counts creates and replaces on the way to a store.
    final class CountingStore: VaultRecordStore, @unchecked Sendable {
        let base: any VaultRecordStore
        private let lock = NSLock()
        private(set) var created: [RecordID] = []
        private(set) var replaced: [RecordID] = []
        private(set) var reads = 0

        init(_ base: any VaultRecordStore) { self.base = base }

        func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
            lock.withLock { reads += 1 }
            return try base.read(id, maxSize: maxSize)
        }

        func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
            lock.withLock { created.append(id) }
            try base.create(id, bytes)
        }

        func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
            lock.withLock { replaced.append(id) }
            try base.replace(id, bytes, ifVersion: version)
        }

        func remove(_ id: RecordID) throws(VaultStoreError) { try base.remove(id) }

        func recordIDs() throws(VaultStoreError) -> [RecordID] { try base.recordIDs() }
    }

    /// One put into a folder of 2,000 files writes the same records (node, header, body, one chunk, the head) and
    /// costs the same public-key operations and about the same reads as one into an empty folder: the name lookup
    /// reads the one child whose name tag matches, not all 2,000.
    @Test func onePutCostsTheSameInAFullFolderAsInAnEmptyOne() throws {
        let world = World()
        let store = MemoryRecordStore()
        let vault = world.vault(.alice, store: store)
        try vault.initialize()
        try vault.makeFolder(Self.path("/big"))
        try vault.makeFolder(Self.path("/empty"))
        let uploads = (0..<2000).map { VaultUpload(name: "file-\($0).txt", content: Array("\($0)".utf8)) }
        try vault.put(uploads, into: Self.path("/big"))
        let big = try vault.folder(at: Self.path("/big"))
        #expect(big.manifest.isChunked)
        #expect(big.manifest.entries.count == 2000)
        #expect((big.manifest.chunks ?? []).count == 8, "2,000 children cut in pieces of at most 256")

        func cost(_ target: String) throws -> (created: Int, replaced: Int, reads: Int, publicKey: Int) {
            let counting = CountingStore(store)
            world.counter.reset()
            try world.vault(.alice, store: counting).put(Array("one more".utf8), at: Self.path(target))
            return (counting.created.count, counting.replaced.count, counting.reads, world.counter.publicKeyOperations)
        }
        let intoEmpty = try cost("/empty/new.txt")
        let intoBig = try cost("/big/new.txt")
        #expect(intoEmpty.created == 4 && intoEmpty.replaced == 1, "node, body, header, chunk; the head")
        #expect(intoBig.created == intoEmpty.created && intoBig.replaced == 1, "\(intoBig)")
        #expect(intoBig.publicKey == intoEmpty.publicKey, "\(intoBig) vs \(intoEmpty)")
        #expect(intoBig.reads <= intoEmpty.reads + 8, "the head's 8 chunks, nothing per child: \(intoBig)")
        // A new version of a file in the big folder: found by its tag, replaced in its chunk.
        let replacing = try cost("/big/file-1234.txt")
        #expect(replacing.created == 4 && replacing.publicKey == intoBig.publicKey + 1, "\(replacing)")
        #expect(try vault.read(Self.path("/big/file-1234.txt")) == Array("one more".utf8))
        #expect(try vault.list(Self.path("/big")).count == 2001)
        #expect(try vault.verify(Self.path("/big")).files == 2001)
    }

    /// With chunks of at most 3, adding 20 files one by one and removing 15 splits and merges chunks; after every
    /// step the folder lists exactly its files, each chunk holds 1…3, and no chunk record is left unreferenced.
    @Test func splitsAndMergesKeepEveryChildAndLeaveNoChunkBehind() throws {
        let world = World()
        let store = MemoryRecordStore()
        var vault = world.vault(.alice, store: store)
        vault.listingShape = ListingShape(maximum: 3, split: 2, minimum: 2)
        try vault.initialize()
        try vault.makeFolder(Self.path("/f"))
        var names: Set<String> = []
        func check(_ step: String) throws {
            let folder = try vault.folder(at: Self.path("/f"))
            let chunks = folder.manifest.chunks ?? []
            #expect(chunks.allSatisfy { (1...3).contains($0.entries.count) }, "\(step)")
            #expect(Set(try vault.list(Self.path("/f")).map(\.name)) == names, "\(step)")
            let stored = try store.recordIDs().filter { $0.rawValue.hasPrefix("\(folder.id.hex).chunk-") }
            #expect(Set(stored) == Set(chunks.map { VaultStorage.chunkID(folder.id, hash: $0.hash) }), "\(step)")
        }
        for index in 0..<20 {
            try vault.put(Array("\(index)".utf8), at: Self.path("/f/n\(index)"))
            names.insert("n\(index)")
            try check("after adding n\(index)")
        }
        #expect((try vault.folder(at: Self.path("/f")).manifest.chunks ?? []).count >= 7)
        for index in Array(stride(from: 0, to: 20, by: 4)) + Array(stride(from: 1, to: 20, by: 2)) where names.count > 5
        {
            try vault.remove(Self.path("/f/n\(index)"))
            names.remove("n\(index)")
            try check("after removing n\(index)")
        }
        for name in names { #expect(try vault.read(Self.path("/f/\(name)")) == Array(name.dropFirst().utf8)) }
        _ = try vault.verify(Self.path("/"))
    }

    /// A folder last written as one `CFVL` record (§6.3) still reads; the next write converts it to chunks with
    /// every child's name tag, and every file still reads.
    @Test func aSingleRecordListingReadsAndTheNextWriteConvertsIt() throws {
        let world = World()
        let store = MemoryRecordStore()
        let vault = world.vault(.alice, store: store)
        try vault.initialize()
        try vault.makeFolder(Self.path("/old"))
        for name in ["a", "b", "c"] { try vault.put(Array(name.utf8), at: Self.path("/old/\(name)")) }
        let folder = try vault.folder(at: Self.path("/old"))
        let legacy = Manifest.make(
            treeOwner: vault.accountID, folder: folder.id, version: folder.manifest.version + 1,
            entries: folder.manifest.entries.map { entry in
                Manifest.Entry(id: entry.id, kind: entry.kind, recordHash: entry.recordHash)
            },
            signer: vault.signer)
        try store.replace(VaultStorage.recordID(folder.id, .list), legacy.encoded, ifVersion: folder.versions.listing)
        let read = try vault.folder(at: Self.path("/old"))
        #expect(!read.manifest.isChunked)
        #expect(try vault.list(Self.path("/old")).map(\.name) == ["a", "b", "c"])
        try vault.put(Array("d".utf8), at: Self.path("/old/d"))
        let converted = try vault.folder(at: Self.path("/old"))
        #expect(converted.manifest.isChunked)
        #expect(converted.manifest.entries.allSatisfy { $0.nameTag != nil })
        for name in ["a", "b", "c", "d"] { #expect(try vault.read(Self.path("/old/\(name)")) == Array(name.utf8)) }
        _ = try vault.verify(Self.path("/"))
    }

    /// The fault-injection harness's baseline has /a in one full chunk of its `tiny` shape, and its first
    /// operation splits it: the harness covers a put that splits a chunk.
    @Test func theFaultHarnessPutSplitsAChunk() throws {
        let baseline = try VaultFaultInjectionTests.Baseline()
        let store = MemoryRecordStore(copying: baseline.records)
        let vault = VaultFaultInjectionTests.writer(baseline.world.vault(.alice, store: store))
        #expect(try vault.folder(at: Self.path("/a")).manifest.chunks?.count == 1)
        #expect(try vault.folder(at: Self.path("/a")).manifest.entries.count == 3)
        try VaultFaultInjectionTests.operations[0].run(vault)
        #expect(try vault.folder(at: Self.path("/a")).manifest.chunks?.count == 2)
    }
}
