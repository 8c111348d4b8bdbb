// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// `vault repair` (Spec/vault.md §10.9): an `init` interrupted at every storage call is finished (or was never
/// started, and `init` then works); with nothing interrupted, nothing changes; an intent record the owner did not
/// write stops the repair. Interrupted unshares completed by repair: `VaultSharingFaultInjectionTests`.
@Suite struct VaultRepairTests {
    @Test func anInitInterruptedAtAnyStorageCallIsRepaired() throws {
        let counting = FaultyRecordStore(base: MemoryRecordStore(), failAt: Int.max, fault: .refuse)
        let countingWorld = World()
        try countingWorld.vault(.alice, store: counting).initialize()
        var repaired = 0
        for failAt in 1...counting.callCount {
            for fault in FaultyRecordStore.Fault.allCases {
                let world = World()
                let store = MemoryRecordStore()
                #expect(throws: VaultError.self) {
                    try world.vault(.alice, store: FaultyRecordStore(base: store, failAt: failAt, fault: fault))
                        .initialize()
                }
                let vault = world.vault(.alice, store: store)
                let report = try vault.repair()
                if report.rootListingCreated {
                    repaired += 1
                } else {
                    try vault.initialize()  // nothing of the root was written: init starts afresh
                }
                try vault.put(Array("x".utf8), at: VaultPath("/x"))
                #expect(try vault.read(VaultPath("/x")) == Array("x".utf8), "\(fault) at call \(failAt)")
                #expect(try vault.repair() == VaultRepairReport(unsharesCompleted: 0, rootListingCreated: false))
            }
        }
        #expect(repaired > 0)
    }

    @Test func withNothingInterruptedRepairChangesNothing() throws {
        let world = World()
        let store = MemoryRecordStore()
        let vault = world.vault(.alice, store: store)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/a"))
        let before = store.snapshot
        #expect(try vault.repair() == VaultRepairReport(unsharesCompleted: 0, rootListingCreated: false))
        #expect(store.snapshot == before)
    }

    /// One intent of each kind: an unshare, a move across folders, a link rekey.
    static let forgedActions: [VaultIntent.Action] = [
        .unshare(folder: NodeID.root(of: Person.alice.account.accountID), member: Person.bob.account.accountID),
        .move(node: .random(), destination: NodeID.root(of: Person.alice.account.accountID)),
        .linkRekey(
            folder: NodeID.root(of: Person.alice.account.accountID),
            link: try! LinkLookupID(bytes: [UInt8](repeating: 7, count: LinkLookupID.byteCount))),
    ]

    @Test(arguments: forgedActions)
    func anIntentRecordTheOwnerDidNotWriteStopsTheRepair(_ action: VaultIntent.Action) throws {
        let world = World()
        let store = MemoryRecordStore()
        let alice = world.vault(.alice, store: store)
        try alice.initialize()
        let rootID = NodeID.root(of: Person.alice.account.accountID)
        let intent = VaultIntent(action: action)
        // Signed by Mallory, under a key that is not Alice's root wrap key.
        let forged = intent.encoded(
            owner: Person.alice.account.accountID, wrapKey: .random(), signer: world.vault(.mallory).signer)
        try store.create(VaultIntent.recordID(root: rootID, intent: intent.id), forged)
        #expect { try alice.repair() } throws: { ($0 as? VaultError)?.name == "recordMisplaced" }
        // Alice's own signature but another key: it does not open.
        let wrongKey = intent.encoded(owner: Person.alice.account.accountID, wrapKey: .random(), signer: alice.signer)
        try store.remove(VaultIntent.recordID(root: rootID, intent: intent.id))
        try store.create(VaultIntent.recordID(root: rootID, intent: intent.id), wrongKey)
        #expect { try alice.repair() } throws: { ($0 as? VaultError)?.name == "keyUnwrapFailed" }
    }

    /// A move refused after its intent was written and before any commit (a shared folder is not moved) takes the
    /// intent away again: there is nothing for `repair` to do.
    @Test func aRefusedMoveLeavesNoIntent() throws {
        let world = World()
        let store = MemoryRecordStore()
        let alice = world.vault(.alice, store: store)
        try alice.initialize()
        for folder in ["/a", "/b"] { try alice.makeFolder(VaultPath(folder)) }
        world.pin(.bob, by: .alice)
        world.pin(.alice, by: .bob)
        try alice.share(VaultPath("/a"), with: "bob")
        #expect {
            try alice.move(VaultPath("/a"), to: VaultPath("/b/a"))
        } throws: { ($0 as? VaultError)?.name == "wrongNodeType" }
        #expect(try !store.recordIDs().contains { $0.rawValue.contains(".intent-") })
        #expect(try alice.repair() == VaultRepairReport(unsharesCompleted: 0, rootListingCreated: false))
    }
}
