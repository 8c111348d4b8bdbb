// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// `vault gc` (Spec/vault.md §10.10): garbage left by a write interrupted at any storage call is collected by two
/// runs a grace period apart, and then nothing unreferenced of the tree is left; nothing referenced is touched (the
/// tree reads and verifies); a gc run in the middle of a put, at any of its storage calls, costs the put nothing.
@Suite struct VaultGarbageTests {
    typealias Faults = VaultFaultInjectionTests
    static let start = Date(timeIntervalSince1970: 2_000_000_000)
    static let later = start.addingTimeInterval(Vault.garbageGrace)

    /// Every record left is referenced by the tree or not named by a node (none here).
    static func onlyReferencedLeft(_ vault: Vault, _ store: any VaultRecordStore) throws -> Bool {
        let all = try store.recordIDs().map(\.rawValue)
        return Set(all).subtracting(try vault.referencedRecords(among: all).records).isEmpty
    }

    @Test func garbageOfInterruptedWritesIsCollectedAndNothingReferencedIsTouched() throws {
        let baseline = try Faults.Baseline()
        var cases = 0
        var collected = 0
        let kinds = ["put a new file", "put a new version", "mkdir", "move a file across folders"]
        for operation in Faults.operations where kinds.contains(operation.description) {
            let (cleanWorld, cleanStore) = try baseline.copy()
            let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
            try operation.run(cleanWorld.vault(.alice, store: counting))
            for failAt in 1...counting.callCount {
                let label = "\(operation) crashed at storage call \(failAt)"
                let (world, store) = try baseline.copy()
                let faulty = FaultyRecordStore(base: store, failAt: failAt, fault: .crash)
                try? operation.run(world.vault(.alice, store: faulty))
                let vault = world.vault(.alice, store: store)
                let state = try Faults.state(of: vault)
                #expect(try vault.collectGarbage(now: Self.start).deleted == 0, "\(label): deleted on the first run")
                let second = try vault.collectGarbage(now: Self.later)
                collected += second.deleted
                #expect(second.waiting == 0, "\(label)")
                #expect(try Self.onlyReferencedLeft(vault, store), "\(label): garbage left")
                #expect(try Faults.state(of: vault) == state, "\(label): the tree changed")
                _ = try vault.verify(Faults.path("/"))
                cases += 1
            }
        }
        print("VaultGarbageTests: \(cases) interrupted writes, \(collected) unreferenced records collected")
        #expect(collected > 20)
    }

    @Test func aGcRunInTheMiddleOfAPutCostsItNothing() throws {
        let baseline = try Faults.Baseline()
        var cases = 0
        for (file, content) in [("/a/new.txt", "new"), ("/a/one.txt", "one v2")] {
            let (countWorld, countStore) = try baseline.copy()
            let counting = InterleavingRecordStore(base: countStore, interleaveAt: 0) {}
            try countWorld.vault(.alice, store: counting).put(Array(content.utf8), at: Faults.path(file))
            for at in 1...counting.callCount {
                let label = "put \(file) with gc run before its storage call \(at)"
                let (world, store) = try baseline.copy()
                let vault = world.vault(.alice, store: store)
                let wrapper = InterleavingRecordStore(base: store, interleaveAt: at) {
                    // Two runs inside the grace period: the put's records may be seen, never deleted.
                    #expect(throws: Never.self, "\(label)") {
                        _ = try vault.collectGarbage(now: Self.start)
                        _ = try vault.collectGarbage(now: Self.start.addingTimeInterval(60))
                    }
                }
                try world.vault(.alice, store: wrapper).put(Array(content.utf8), at: Faults.path(file))
                // Long after: what the put committed is referenced, so never deleted.
                _ = try vault.collectGarbage(now: Self.later.addingTimeInterval(60))
                _ = try vault.collectGarbage(now: Self.later.addingTimeInterval(2 * Vault.garbageGrace))
                #expect(try vault.read(Faults.path(file)) == Array(content.utf8), "\(label)")
                #expect(try Self.onlyReferencedLeft(vault, store), "\(label)")
                _ = try vault.verify(Faults.path("/"))
                cases += 1
            }
        }
        print("VaultGarbageTests: \(cases) puts with gc runs interleaved")
    }
}
