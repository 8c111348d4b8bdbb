// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// Role changes interrupted at every storage call (refused, or crashed then reopened), as in
/// `VaultSharingFaultInjectionTests`: Bob, a writer of Alice's /a who wrote /a/b, is made a reader; and Bob, not yet
/// a member, is added as a reader. After each case nothing listed before is lost (Alice's whole tree reads as
/// before and `verify` passes) and nobody is locked out (Bob still reads /a, his file too); running the command again
/// completes it: Bob reads, his client refuses to write, and his earlier file is the owner's. Every storage call is
/// interrupted by each fault (a crash and a refused call), as the write-path rule asks.
@Suite struct VaultRoleFaultInjectionTests {
    typealias Baseline = VaultSharingFaultInjectionTests.Baseline
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    struct Change: Sendable, CustomStringConvertible {
        let description: String
        let stage: VaultSharingFaultInjectionTests.Stage
    }

    static let changes = [
        Change(description: "a writer made a reader", stage: .memberWrote),
        Change(description: "a new member added as a reader", stage: .unshared),
    ]

    static func run(_ vault: Vault) throws {
        _ = try vault.share(path("/a"), with: "bob", role: .reader)
    }

    /// Bob reads /a (accepting it first when the change added him), and his own file when he wrote one.
    static func bobReads(_ world: World, _ store: MemoryRecordStore, _ change: Change, _ label: String) throws {
        let bob = world.vault(.bob, store: store)
        if change.stage == .unshared, try bob.state.shares()["team"] == nil {
            try bob.accept(folder: world.vault(.alice, store: store).folder(at: path("/a")).id, as: "team")
        }
        #expect(try bob.read(path("@team/one.txt")) == Array("one".utf8), "\(label)")
        #expect(try bob.read(path("@team/sub/deep.txt")) == Array("deep".utf8), "\(label)")
        if change.stage == .memberWrote { #expect(try bob.read(path("@team/b")) == Array("bob".utf8), "\(label)") }
    }

    @Test(arguments: changes) func everyInterruptedRoleChangeLosesNothingAndLocksNobodyOut(_ change: Change) throws {
        let baseline = try Baseline(change.stage)
        let (cleanWorld, cleanStore) = try baseline.copy()
        let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
        try Self.run(cleanWorld.vault(.alice, store: counting))
        #expect(counting.callCount > 5)
        var cases = 0
        for failAt in 1...counting.callCount {
            for fault in FaultyRecordStore.Fault.allCases {
                try check(change, failAt: failAt, fault: fault, baseline: baseline)
                cases += 1
            }
        }
        print("VaultRoleFaultInjectionTests: \(change): \(cases) interrupted role changes")
    }

    func check(_ change: Change, failAt: Int, fault: FaultyRecordStore.Fault, baseline: Baseline) throws {
        let label = "\(change) with a \(fault) at storage call \(failAt)"
        let (world, store) = try baseline.copy()
        let faulty = FaultyRecordStore(base: store, failAt: failAt, fault: fault)
        try? Self.run(world.vault(.alice, store: faulty))
        let alice = world.vault(.alice, store: store)
        #expect(try VaultFaultInjectionTests.state(of: alice) == baseline.tree, "\(label)")
        _ = try alice.verify(Self.path("/"))
        if change.stage == .memberWrote { try Self.bobReads(world, store, change, label) }
        // Run again: completed.
        try Self.run(world.vault(.alice, store: store))
        #expect(try VaultFaultInjectionTests.state(of: alice) == baseline.tree, "\(label), run again")
        _ = try alice.verify(Self.path("/"))
        try Self.bobReads(world, store, change, "\(label), run again")
        let bob = world.vault(.bob, store: store)
        #expect(throws: VaultError.readOnly(path: "@team/"), "\(label)") { try bob.put([1], at: Self.path("@team/x")) }
        if change.stage == .memberWrote {
            let entries = try alice.list(Self.path("/a"))
            #expect(entries.first { $0.name == "b" }?.writer == Person.alice.account.accountID, "\(label)")
        }
    }
}
