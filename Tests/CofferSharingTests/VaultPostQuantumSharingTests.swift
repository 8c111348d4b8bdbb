// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// Sharing with contacts that have a post-quantum key (Spec/vault.md §7.2, §7.3): the share record wraps the
/// folder key to it, classical shares never weaken a post-quantum folder silently, and older shares keep reading.
@Suite struct VaultPostQuantumSharingTests {
    func shareRecord(_ world: World, folder: NodeID, to person: Person) throws -> ShareRecord {
        let id = VaultStorage.shareID(folder, recipient: person.account.accountID)
        return try ShareRecord(parsing: Array(Data(contentsOf: world.url(id))))
    }

    /// Alice owns /team with one file.
    func team(_ world: World, pins: [(Person, Person)]) throws -> NodeID {
        for (a, b) in pins { world.pin(b, by: a) }
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/team"))
        try alice.put(Array("plan".utf8), at: VaultPath("/team/plan.txt"))
        return world.folderID("/team", as: .alice)
    }

    @Test func aShareToAPostQuantumContactIsAHybridRecordTheMemberOpens() throws {
        let world = World()
        let team = try team(world, pins: [(.alice, .bob), (.bob, .alice)])
        let receipt = try world.vault(.alice).share(VaultPath("/team"), with: "bob")
        #expect(receipt.isPostQuantum)
        let record = try shareRecord(world, folder: team, to: .bob)
        #expect(record.version == 2 && record.isPostQuantum)
        #expect(record.encoded[4] == 2 && record.encapsulation.count == 1120)
        #expect(record.encoded.count <= VaultRecordLimit.share)
        // Bob without his post-quantum key cannot open it (the X25519 key is not used for it).
        let classicalBob = try IdentityKeyPair(
            agreementSecret: Person.bob.account.identity.agreement.rawRepresentation,
            signingSeed: Person.bob.account.identity.signing.seed)
        #expect { try record.open(me: classicalBob, owner: Person.alice.account.identity.publicKeys) } throws: {
            ($0 as? VaultError)?.name == "keyUnwrapFailed"
        }
        try world.vault(.bob).accept(folder: team, as: "team")
        #expect(try world.vault(.bob).read(VaultPath("@team/plan.txt")) == Array("plan".utf8))
        // The member list carries Bob's version 2 bundle, which later refreshed shares use.
        let members = try MemberList(parsing: Array(Data(contentsOf: world.url(team, .members))))
        #expect(members.members.first { $0.accountID == Person.bob.account.accountID }?.version == 2)
    }

    @Test func aClassicalContactIsRefusedWhereMembersArePostQuantumUnlessAllowed() throws {
        let world = World()
        let team = try team(world, pins: [(.alice, .bob), (.alice, .dave), (.dave, .alice)])
        let alice = world.vault(.alice)
        try alice.share(VaultPath("/team"), with: "bob")
        #expect { try alice.share(VaultPath("/team"), with: "dave") } throws: {
            ($0 as? VaultError)?.name == "classicalShareRefused"
        }
        #expect(
            !FileManager.default.fileExists(
                atPath: world.url(VaultStorage.shareID(team, recipient: Person.dave.account.accountID)).path))
        let receipt = try alice.share(VaultPath("/team"), with: "dave", allowClassical: true)
        #expect(!receipt.isPostQuantum)
        #expect(try shareRecord(world, folder: team, to: .dave).version == 1)
        try world.vault(.dave).accept(folder: team, as: "team")
        #expect(try world.vault(.dave).read(VaultPath("@team/plan.txt")) == Array("plan".utf8))
        // A post-quantum contact joining a classical folder is not refused (it weakens nothing already there).
        let other = World()
        let old = try self.team(other, pins: [(.alice, .dave), (.alice, .bob)])
        try other.vault(.alice).share(VaultPath("/team"), with: "dave")
        #expect(try other.vault(.alice).share(VaultPath("/team"), with: "bob").isPostQuantum)
        #expect(try shareRecord(other, folder: old, to: .bob).version == 2)
    }

    /// A classical share of a folder would expose the keys of the folders below it: a post-quantum member of a
    /// shared subfolder counts too.
    @Test func aPostQuantumMemberBelowAlsoRefusesAClassicalShareAbove() throws {
        let world = World()
        _ = try team(world, pins: [(.alice, .bob), (.alice, .dave)])
        let alice = world.vault(.alice)
        try alice.makeFolder(VaultPath("/team/sub"))
        try alice.share(VaultPath("/team/sub"), with: "bob")
        #expect { try alice.share(VaultPath("/team"), with: "dave") } throws: {
            ($0 as? VaultError)?.name == "classicalShareRefused"
        }
        #expect(try !alice.share(VaultPath("/team"), with: "dave", allowClassical: true).isPostQuantum)
    }

    /// Dave's classical share keeps reading after he adds a post-quantum key; Alice's pin upgrades in place and
    /// sharing again replaces his record with a hybrid one, which an unshare of someone else refreshes as hybrid.
    @Test func anOlderShareKeepsReadingAndSharingAgainUpgradesIt() throws {
        let world = World()
        let team = try team(world, pins: [(.alice, .dave), (.dave, .alice), (.alice, .carol), (.carol, .alice)])
        let alice = world.vault(.alice)
        try alice.share(VaultPath("/team"), with: "dave")
        try alice.share(VaultPath("/team"), with: "carol")
        try world.vault(.dave).accept(folder: team, as: "team")
        let dave = Person.dave.withPostQuantumKey()
        #expect(try world.vault(dave).read(VaultPath("@team/plan.txt")) == Array("plan".utf8))
        #expect(try PinStore(device: world.device(.alice)).add(name: "dave", bundle: dave.account.bundle) == .upgraded)
        #expect(try alice.share(VaultPath("/team"), with: "dave").isPostQuantum)
        #expect(try shareRecord(world, folder: team, to: dave).version == 2)
        #expect(try world.vault(dave).read(VaultPath("@team/plan.txt")) == Array("plan".utf8))
        try alice.unshare(VaultPath("/team"), member: "carol")
        let refreshed = try shareRecord(world, folder: team, to: dave)
        #expect(refreshed.version == 2 && refreshed.epoch == 2)
        try alice.put(Array("after".utf8), at: VaultPath("/team/after.txt"))
        #expect(try world.vault(dave).read(VaultPath("@team/after.txt")) == Array("after".utf8))
    }
}
