// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// A file share and its unshare (Spec/vault.md §7.4, §10.6 item 4) interrupted at every storage call, by each fault
/// (a crash and a refused call), on the baseline of `VaultSharingFaultInjectionTests` at stage `accepted` (Alice's
/// /a shared with Bob, accepted as @team). After each case nothing listed before is lost (Alice's whole tree reads
/// as before and `verify` passes) and nobody is locked out (Bob still reads @team, and, for an unshare, still reads
/// @one until the share is gone); running the command again completes it: Bob reads @one after a share, and is
/// refused (`notAMember`) after an unshare. The operations are short (under 20 storage calls), so every call is
/// interrupted, none sampled.
@Suite struct VaultFileShareFaultInjectionTests {
    typealias Baseline = VaultSharingFaultInjectionTests.Baseline
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    enum Operation: String, CaseIterable, Sendable, CustomStringConvertible {
        case share, unshare
        var description: String { rawValue }
    }

    static func fileID(_ world: World, _ store: MemoryRecordStore) throws -> NodeID {
        try #require(try world.vault(.alice, store: store).list(path("/a")).first { $0.name == "one.txt" }).id
    }

    /// The state before the operation: for an unshare, /a/one.txt already shared with Bob and accepted as @one.
    static func prepare(_ operation: Operation, _ baseline: Baseline) throws -> (World, MemoryRecordStore) {
        let (world, store) = try baseline.copy()
        if operation == .unshare {
            try world.vault(.alice, store: store).shareFile(path("/a/one.txt"), with: "bob")
            try world.vault(.bob, store: store).acceptFileShare(file: fileID(world, store), as: "one")
        }
        return (world, store)
    }

    static func run(_ operation: Operation, _ vault: Vault) throws {
        switch operation {
        case .share: try vault.shareFile(path("/a/one.txt"), with: "bob")
        case .unshare: try vault.unshareFile(path("/a/one.txt"), member: "bob")
        }
    }

    @Test(arguments: Operation.allCases) func everyInterruptionLosesNothingAndLocksNobodyOut(_ operation: Operation)
        throws
    {
        let baseline = try Baseline(.accepted)
        let (cleanWorld, cleanStore) = try Self.prepare(operation, baseline)
        let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
        try Self.run(operation, cleanWorld.vault(.alice, store: counting))
        #expect(counting.callCount > 3)
        var cases = 0
        for failAt in 1...counting.callCount {
            for fault in FaultyRecordStore.Fault.allCases {
                try check(operation, failAt: failAt, fault: fault, baseline: baseline)
                cases += 1
            }
        }
        print("VaultFileShareFaultInjectionTests: \(operation): \(cases) interrupted cases")
    }

    func check(_ operation: Operation, failAt: Int, fault: FaultyRecordStore.Fault, baseline: Baseline) throws {
        let label = "file \(operation) with a \(fault) at storage call \(failAt)"
        let (world, store) = try Self.prepare(operation, baseline)
        let file = try Self.fileID(world, store)
        let faulty = FaultyRecordStore(base: store, failAt: failAt, fault: fault)
        let interrupted = (try? Self.run(operation, world.vault(.alice, store: faulty))) == nil
        let alice = world.vault(.alice, store: store)
        let bob = world.vault(.bob, store: store)
        #expect(try VaultFaultInjectionTests.state(of: alice) == baseline.tree, "\(label)")
        _ = try alice.verify(Self.path("/"))
        #expect(try bob.read(Self.path("@team/one.txt")) == Array("one".utf8), "\(label)")
        let shareID = VaultStorage.shareID(file, recipient: Person.bob.account.accountID)
        let present = try store.recordIDs().contains(shareID)
        if operation == .unshare, present {
            #expect(try bob.read(Self.path("@one")) == Array("one".utf8), "\(label): the share still reads")
        }
        // Run again: completed (an unshare that already deleted the record says there is none).
        if operation == .unshare, !present {
            #expect(throws: VaultError.self, "\(label), run again") { try Self.run(operation, alice) }
        } else {
            #expect(throws: Never.self, "\(label), run again (interrupted: \(interrupted))") {
                try Self.run(operation, alice)
            }
        }
        #expect(try VaultFaultInjectionTests.state(of: alice) == baseline.tree, "\(label), run again")
        _ = try alice.verify(Self.path("/"))
        #expect(try bob.read(Self.path("@team/one.txt")) == Array("one".utf8), "\(label), run again")
        switch operation {
        case .share:
            try bob.acceptFileShare(file: file, as: "one")
            #expect(try bob.read(Self.path("@one")) == Array("one".utf8), "\(label), run again")
        case .unshare:
            #expect(throws: VaultError.notAMember(folder: file.hex), "\(label), run again") {
                _ = try bob.read(Self.path("@one"))
            }
        }
    }
}
