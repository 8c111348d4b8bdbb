// SPDX-License-Identifier: MIT
import CofferKeys
import Synchronization
import Testing

@testable import CofferSharing

/// "mv across folders, then repair" (Spec/vault.md §10.9): a move of a file and of a folder into another folder,
/// interrupted at every storage call (refused, or crashed then reopened) as in `VaultFaultInjectionTests`. When the
/// move got as far as its intent record, `vault repair` — not the command line — completes it: finished when the
/// destination lists the node, rolled back otherwise. After the repair the node is listed exactly once (never in
/// both folders, never in neither), every file reads with its content, `verify` passes, no intent is left, a second
/// repair changes nothing, and the same move run again gives its result (a rolled-back folder is movable again).
/// Each case runs twice: repaired at once, and with the repair itself interrupted first (at the same storage call
/// number, the same fault), which must leave a readable tree and an intent that the next repair completes.
@Suite struct VaultMoveRepairFaultTests {
    typealias Harness = VaultFaultInjectionTests

    struct Move: Sendable, CustomStringConvertible {
        let description: String
        let source: String
        let destination: String
        let after: Harness.TreeState
        let between: Harness.TreeState
    }

    static let moves = [
        Move(
            description: "mv a file across folders, then repair", source: "/a/one.txt", destination: "/b/one.txt",
            after: Harness.changed(["/a/one.txt": nil, "/b/one.txt": "one"]),
            between: Harness.changed(["/b/one.txt": "one"])),
        Move(
            description: "mv a folder across folders, then repair", source: "/a/sub", destination: "/b/sub2",
            after: Harness.changed([
                "/a/sub": nil, "/a/sub/deep.txt": nil, "/b/sub2": Harness.folder, "/b/sub2/deep.txt": "deep",
            ]),
            between: Harness.changed(["/b/sub2": Harness.folder, "/b/sub2/deep.txt": "deep"])),
    ]

    static let outcomes = Mutex((finished: 0, rolledBack: 0, repairsInterrupted: 0))

    static func intents(_ store: any VaultRecordStore) throws -> [RecordID] {
        try store.recordIDs().filter { $0.rawValue.contains(".intent-") }
    }

    @Test func everyInterruptedMoveAcrossFoldersIsFinishedOrRolledBackByRepair() throws {
        let baseline = try Harness.Baseline()
        var cases = 0
        for move in Self.moves {
            let (cleanWorld, cleanStore) = try baseline.copy()
            let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
            try Harness.writer(cleanWorld.vault(.alice, store: counting)).move(
                Harness.path(move.source), to: Harness.path(move.destination))
            #expect(try Self.intents(cleanStore).isEmpty, "\(move): a finished move leaves no intent")
            for failAt in 1...counting.callCount {
                for fault in FaultyRecordStore.Fault.allCases {
                    for interruptingRepair in [false, true] {
                        try check(
                            move, failAt: failAt, fault: fault, interruptingRepair: interruptingRepair,
                            baseline: baseline)
                        cases += 1
                    }
                }
            }
        }
        let outcomes = Self.outcomes.withLock { $0 }
        print(
            "VaultMoveRepairFaultTests: \(cases) interrupted moves across folders, \(outcomes.finished) finished "
                + "and \(outcomes.rolledBack) rolled back by vault repair, "
                + "\(outcomes.repairsInterrupted) of those repairs interrupted first")
        #expect(cases > 40)
        #expect(outcomes.finished > 0 && outcomes.rolledBack > 0 && outcomes.repairsInterrupted > 0)
    }

    func check(
        _ move: Move, failAt: Int, fault: FaultyRecordStore.Fault, interruptingRepair: Bool,
        baseline: Harness.Baseline
    ) throws {
        let label = "\(move) with a \(fault) at storage call \(failAt)\(interruptingRepair ? ", repair too" : "")"
        let (world, store) = try baseline.copy()
        let (source, destination) = (Harness.path(move.source), Harness.path(move.destination))
        try? Harness.writer(world.vault(.alice, store: FaultyRecordStore(base: store, failAt: failAt, fault: fault)))
            .move(source, to: destination)
        let vault = Harness.writer(world.vault(.alice, store: store))
        let state = try Harness.state(of: vault)
        #expect([Harness.before, move.after, move.between].contains(state), "\(label): \(state)")
        _ = try vault.verify(Harness.path("/"))
        if interruptingRepair, try !Self.intents(store).isEmpty {
            let faulty = FaultyRecordStore(base: store, failAt: failAt, fault: fault)
            if (try? Harness.writer(world.vault(.alice, store: faulty)).repair()) == nil {
                let state = try Harness.state(of: vault)
                #expect([Harness.before, move.after, move.between].contains(state), "\(label): \(state)")
                _ = try vault.verify(Harness.path("/"))
                #expect(try !Self.intents(store).isEmpty, "\(label): an interrupted repair keeps the intent")
                Self.outcomes.withLock { $0.repairsInterrupted += 1 }
            }
        }
        if try !Self.intents(store).isEmpty {
            let report = try vault.repair()
            #expect(report.movesFinished + report.movesRolledBack == 1, "\(label): \(report)")
            let repaired = try Harness.state(of: vault)
            // Listed exactly once: finished is the move's result, rolled back the state before it.
            #expect(repaired == (report.movesFinished == 1 ? move.after : Harness.before), "\(label), repaired")
            #expect(try Self.intents(store).isEmpty, "\(label): repair leaves no intent")
            #expect(
                try !store.recordIDs().contains { $0.rawValue.contains(".keys-") },
                "\(label): no keyring kept for a move that is over")
            _ = try vault.verify(Harness.path("/"))
            #expect(try vault.repair() == VaultRepairReport(unsharesCompleted: 0, rootListingCreated: false))
            Self.outcomes.withLock {
                if report.movesFinished == 1 { $0.finished += 1 } else { $0.rolledBack += 1 }
            }
        } else {
            #expect(try Harness.state(of: vault) != move.between, "\(label): listed twice without an intent")
        }
        // The same move again (after a repair that finished it: "not found", done already).
        do {
            try vault.move(source, to: destination)
        } catch {
            #expect(["alreadyExists", "notFound"].contains(error.name), "\(label), run again: \(error)")
        }
        #expect(try Harness.state(of: vault) == move.after, "\(label), run again")
        #expect(try Self.intents(store).isEmpty, "\(label), run again: no intent left")
        _ = try vault.verify(Harness.path("/"))
    }
}
