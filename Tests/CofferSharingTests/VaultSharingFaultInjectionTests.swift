// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Synchronization
import Testing

@testable import CofferSharing

/// share, accept, unshare, link create and link revoke --rekey, interrupted at every storage call (refused, or
/// crashed then reopened), as in `VaultFaultInjectionTests`: after each case the owner's whole tree reads and
/// `verify` passes; once the key epoch of an interrupted unshare or rekey is committed, nothing the owner writes
/// into the folder is readable by the removed member or through the revoked link; running the operation again
/// completes it (the member reads after share and accept; after unshare it reads nothing new, and no folder below
/// is left on the old epoch). "unshare, then repair" and "link revoke --rekey, then repair" are completed by
/// `vault repair` from their intent records instead.
@Suite struct VaultSharingFaultInjectionTests {
    typealias Tree = VaultFaultInjectionTests.TreeState
    static let repaired = Mutex(0)
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    enum Stage: Int, Comparable {
        case unshared, shared, accepted, memberWrote
        static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    /// Alice's tree with /a (two files and /a/sub/deep.txt), each contact pinned and verified by the other, then
    /// up to `stage`: /a shared with Bob, accepted as @team, a file written there by Bob; or a link to /a.
    final class Baseline: @unchecked Sendable {
        let world = World()
        let records: [RecordID: [UInt8]]
        let folder: NodeID
        let tree: Tree
        let link: ShareLink?

        init(_ stage: Stage, linked: Bool = false) throws {
            let store = MemoryRecordStore()
            let alice = world.vault(.alice, store: store)
            try alice.initialize()
            for folder in ["/a", "/a/sub"] { try alice.makeFolder(path(folder)) }
            for (file, text) in [("/a/one.txt", "one"), ("/a/two.txt", "two"), ("/a/sub/deep.txt", "deep")] {
                try alice.put(Array(text.utf8), at: path(file))
            }
            world.pin(.bob, by: .alice)
            world.pin(.alice, by: .bob)
            folder = try alice.folder(at: path("/a")).id
            if stage >= .shared { try alice.share(path("/a"), with: "bob") }
            if stage >= .accepted { try world.vault(.bob, store: store).accept(folder: folder, as: "team") }
            if stage >= .memberWrote { try world.vault(.bob, store: store).put(Array("bob".utf8), at: path("@team/b")) }
            link = linked ? try alice.createLink(path("/a"), options: .init(), hashing: FastHashing()) : nil
            tree = try VaultFaultInjectionTests.state(of: alice)
            records = store.snapshot
        }

        /// A fresh world with copies of both devices and of the storage.
        func copy() throws -> (World, MemoryRecordStore) {
            let fresh = World()
            try FileManager.default.createDirectory(at: fresh.root, withIntermediateDirectories: true)
            for name in ["device-alice", "device-bob"] {
                try FileManager.default.copyItem(
                    at: world.root.appendingPathComponent(name), to: fresh.root.appendingPathComponent(name))
            }
            return (fresh, MemoryRecordStore(copying: records))
        }
    }

    struct Operation: Sendable, CustomStringConvertible {
        let description: String
        let stage: Stage
        var linked = false
        /// Completed by `vault repair` rather than by running it again (when it got as far as its intent record).
        var repairs = false
        let person: Person
        let run: @Sendable (Vault, Baseline) throws -> Void
        /// Checks the completed operation from Bob's or a link holder's side (after it was run again).
        let completed: @Sendable (World, MemoryRecordStore, Baseline) throws -> Void
    }

    /// Opens `link` on `store`, the link record put back first if the server "kept" it after a revocation.
    static func open(_ link: ShareLink, _ store: MemoryRecordStore, keeping record: [UInt8]? = nil) throws
        -> VaultLinkReader
    {
        if let record { try store.put(StoredFolderLink.recordID(link.lookupID), record) }
        return try VaultLinkReader.open(
            try ShareLink(parsing: link.revealedText()), password: nil, now: VaultLinkTests.now, store: store,
            hashing: FastHashing())
    }

    /// Alice writes /a/probe; a server that kept the revoked link's record must not let the link read it.
    static func linkCannotReadANewFile(
        _ world: World, _ store: MemoryRecordStore, _ baseline: Baseline, _ label: String
    ) throws {
        let link = try #require(baseline.link)
        let record = try #require(baseline.records[StoredFolderLink.recordID(link.lookupID)])
        let recordID = StoredFolderLink.recordID(link.lookupID)
        let present = try store.recordIDs().contains(recordID)
        #expect(try open(link, store, keeping: record).read(path("/one.txt")) == Array("one".utf8), "\(label)")
        let alice = world.vault(.alice, store: store)
        try alice.put(Array("after".utf8), at: path("/a/probe"))
        #expect(throws: VaultError.self, "\(label): a revoked link reads a file written after") {
            try open(link, store, keeping: record).read(path("/probe"))
        }
        try alice.remove(path("/a/probe"))
        if !present { try store.remove(recordID) }
    }

    static func bobReads(_ world: World, _ store: MemoryRecordStore) throws {
        #expect(try world.vault(.bob, store: store).read(path("@team/one.txt")) == Array("one".utf8))
    }

    /// Alice writes /a/probe; Bob must not read it. Then the probe is removed again.
    static func bobCannotReadANewFile(_ world: World, _ store: MemoryRecordStore, _ label: String) throws {
        let alice = world.vault(.alice, store: store)
        try alice.put(Array("after".utf8), at: path("/a/probe"))
        #expect(throws: VaultError.self, "\(label): the removed member reads a file written after") {
            try world.vault(.bob, store: store).read(path("@team/probe"))
        }
        try alice.remove(path("/a/probe"))
    }

    /// /a/sub's newest key is wrapped under /a's newest epoch, and Bob is off /a's member list: no folder below
    /// the unshare was left on the old epoch.
    static func subfolderIsUnderTheNewEpoch(_ world: World, _ store: MemoryRecordStore, _ label: String) throws {
        let alice = world.vault(.alice, store: store)
        let a = try alice.folder(at: path("/a"))
        let sub = try alice.folder(at: path("/a/sub"))
        #expect(sub.keyring.entries.last?.parentEpoch == a.keyring.latestEpoch, "\(label)")
        #expect(a.members?.contains(Person.bob.account.accountID) == false, "\(label)")
    }

    static let operations: [Operation] = [
        Operation(
            description: "share", stage: .unshared, person: .alice,
            run: { vault, _ in _ = try vault.share(path("/a"), with: "bob") },
            completed: { world, store, _ in
                let folder = try world.vault(.alice, store: store).folder(at: path("/a")).id
                try world.vault(.bob, store: store).accept(folder: folder, as: "team")
                try bobReads(world, store)
            }),
        Operation(
            description: "accept", stage: .shared, person: .bob,
            run: { vault, baseline in _ = try vault.accept(folder: baseline.folder, as: "team") },
            completed: { world, store, _ in try bobReads(world, store) }),
        Operation(
            description: "unshare", stage: .memberWrote, person: .alice,
            run: { vault, _ in _ = try vault.unshare(path("/a"), member: "bob") },
            completed: { world, store, _ in
                try bobCannotReadANewFile(world, store, "unshare, run again")
                try subfolderIsUnderTheNewEpoch(world, store, "unshare, run again")
            }),
        Operation(
            description: "unshare, then repair", stage: .memberWrote, repairs: true, person: .alice,
            run: { vault, _ in _ = try vault.unshare(path("/a"), member: "bob") },
            completed: { world, store, _ in
                try bobCannotReadANewFile(world, store, "unshare, repaired")
                try subfolderIsUnderTheNewEpoch(world, store, "unshare, repaired")
            }),
        Operation(
            description: "link create", stage: .unshared, person: .alice,
            run: { vault, _ in _ = try vault.createLink(path("/a"), options: .init(), hashing: FastHashing()) },
            completed: { world, store, _ in
                let link = try world.vault(.alice, store: store).createLink(
                    path("/a"), options: .init(), hashing: FastHashing())
                #expect(try open(link, store).read(path("/sub/deep.txt")) == Array("deep".utf8))
            }),
        Operation(
            description: "link revoke --rekey", stage: .unshared, linked: true, person: .alice,
            run: { vault, baseline in _ = try vault.revokeLink(baseline.link!.lookupID, rekey: true) },
            completed: { world, store, baseline in
                try linkCannotReadANewFile(world, store, baseline, "link revoke --rekey, run again")
            }),
        Operation(
            description: "link revoke --rekey, then repair", stage: .unshared, linked: true, repairs: true,
            person: .alice,
            run: { vault, baseline in _ = try vault.revokeLink(baseline.link!.lookupID, rekey: true) },
            completed: { world, store, baseline in
                let link = try #require(baseline.link)
                #expect(try !store.recordIDs().contains(StoredFolderLink.recordID(link.lookupID)), "link deleted")
                try linkCannotReadANewFile(world, store, baseline, "link revoke --rekey, repaired")
                try subfolderIsUnderTheNewestEpoch(world, store, "link revoke --rekey, repaired")
            }),
    ]

    /// /a/sub's newest key is wrapped under /a's newest epoch: the rekey reached the folder below.
    static func subfolderIsUnderTheNewestEpoch(_ world: World, _ store: MemoryRecordStore, _ label: String) throws {
        let alice = world.vault(.alice, store: store)
        let a = try alice.folder(at: path("/a"))
        let sub = try alice.folder(at: path("/a/sub"))
        #expect(a.keyring.latestEpoch > 1, "\(label)")
        #expect(sub.keyring.entries.last?.parentEpoch == a.keyring.latestEpoch, "\(label)")
    }

    @Test func everyInterruptedSharingOrLinkOperationLeavesAReadableTree() throws {
        var cases = 0
        for operation in Self.operations {
            let baseline = try Baseline(operation.stage, linked: operation.linked)
            let (cleanWorld, cleanStore) = try baseline.copy()
            let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
            try operation.run(cleanWorld.vault(operation.person, store: counting), baseline)
            try operation.completed(cleanWorld, cleanStore, baseline)
            for failAt in 1...counting.callCount {
                for fault in FaultyRecordStore.Fault.allCases {
                    try check(operation, failAt: failAt, fault: fault, baseline: baseline)
                    cases += 1
                }
            }
        }
        print(
            "VaultSharingFaultInjectionTests: \(cases) interrupted share, accept, unshare and link operations, "
                + "\(Self.repaired.withLock { $0 }) interrupted unshares and rekeys completed by vault repair")
        #expect(cases > 50)
    }

    func check(_ operation: Operation, failAt: Int, fault: FaultyRecordStore.Fault, baseline: Baseline) throws {
        let label = "\(operation) with a \(fault) at storage call \(failAt)"
        let (world, store) = try baseline.copy()
        let faulty = FaultyRecordStore(base: store, failAt: failAt, fault: fault)
        try? operation.run(world.vault(operation.person, store: faulty), baseline)
        let alice = world.vault(.alice, store: store)
        #expect(try VaultFaultInjectionTests.state(of: alice) == baseline.tree, "\(label)")
        _ = try alice.verify(Self.path("/"))
        if try alice.folder(at: Self.path("/a")).keys.latest > 1 {  // the new epoch is committed
            if operation.stage == .memberWrote { try Self.bobCannotReadANewFile(world, store, label) }
            if operation.linked { try Self.linkCannotReadANewFile(world, store, baseline, label) }
        }
        let started = try store.recordIDs().contains { $0.rawValue.contains(".intent-") }
        if operation.repairs && started {
            let report = try alice.repair()
            #expect(report.unsharesCompleted + report.rekeysCompleted == 1, "\(label): \(report)")
            #expect(try !store.recordIDs().contains { $0.rawValue.contains(".intent-") }, "\(label), repaired")
            Self.repaired.withLock { $0 += 1 }
        } else {
            do {
                try operation.run(world.vault(operation.person, store: store), baseline)
            } catch let error as VaultError where error.name == "notFound" {}  // unshare or revoke done already
        }
        try operation.completed(world, store, baseline)
        #expect(try VaultFaultInjectionTests.state(of: alice) == baseline.tree, "\(label), run again")
        _ = try alice.verify(Self.path("/"))
    }
}
