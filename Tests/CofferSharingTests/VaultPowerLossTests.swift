// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// The deferred durability of created records (Spec/vault.md §10.1, §10.8): every operation of the fault-injection
/// harness "crashes" at every storage call it makes, then the power fails, taking away every record created since
/// the last `syncCreated` (as a directory store loses names not yet made durable by the directory's `fsync`).
/// A commit point written before its records were synced would then name a lost record, and the tree would not
/// read. After each case the whole tree reads, in a state the operation allows, and `verify` passes; the run
/// without a crash followed by a power loss keeps the operation's complete result.
///
/// Sampled by operation, to stay fast in CI (all of them took about 3 minutes in a debug build on a loaded
/// machine, six of them 1 minute): the writes that create records before a commit — put of a new file, `put -r`
/// (two folders made and filled, one commit each), mkdir, and a move across folders (two commits) — each at every
/// storage call it makes. The fault-injection tests run every operation with the same store (crash and refusal).
@Suite struct VaultPowerLossTests {
    typealias Harness = VaultFaultInjectionTests

    static let sampled = [
        "put a new file (splits /a's one chunk in two)",
        "put -r of a small tree (one commit per folder; 4 files split a chunk)", "mkdir", "move a file across folders",
    ]

    @Test func aPowerLossAfterAnyCrashLeavesOnlyDurableCommits() throws {
        let baseline = try Harness.Baseline()
        var cases = 0
        var lostRecords = 0
        let operations = Harness.operations.filter { Self.sampled.contains($0.description) }
        #expect(operations.count == Self.sampled.count)
        for operation in operations {
            let (cleanWorld, cleanStore) = try baseline.copy()
            let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .crash)
            try operation.run(Harness.writer(cleanWorld.vault(.alice, store: counting)))
            // The last call is past the end: the operation completes, then the power fails.
            for failAt in 1...(counting.callCount + 1) {
                let label = "\(operation) with a crash at storage call \(failAt), then a power loss"
                let (world, store) = try baseline.copy()
                let faulty = FaultyRecordStore(base: store, failAt: failAt, fault: .crash)
                try? operation.run(Harness.writer(world.vault(.alice, store: faulty)))
                lostRecords += faulty.losePower()
                let vault = Harness.writer(world.vault(.alice, store: store))
                let state = try Harness.state(of: vault)
                let allowed =
                    failAt > counting.callCount
                    ? [operation.after] : [Harness.before, operation.after] + operation.between
                #expect(allowed.contains(state), "\(label): \(state)")
                _ = try vault.verify(Harness.path("/"))
                cases += 1
            }
        }
        print("VaultPowerLossTests: \(cases) crashes followed by a power loss, \(lostRecords) records lost in all")
        #expect(cases > 50)
        #expect(lostRecords > 0)
    }

    /// The check above can fail: with a store whose `syncCreated` makes nothing durable, a put that completed loses
    /// its records in the power loss while its listing commit survives, and the folder no longer reads.
    @Test func aCommitWithoutTheSyncIsCaught() throws {
        let baseline = try Harness.Baseline()
        let (world, store) = try baseline.copy()
        let unsyncing = FaultyRecordStore(base: store, failAt: Int.max, fault: .crash, syncs: false)
        try Harness.writer(world.vault(.alice, store: unsyncing)).put(Array("new".utf8), at: Harness.path("/a/new.txt"))
        #expect(unsyncing.losePower() > 0)
        let vault = Harness.writer(world.vault(.alice, store: store))
        #expect(throws: VaultError.self) { try Harness.state(of: vault) }
    }
}
