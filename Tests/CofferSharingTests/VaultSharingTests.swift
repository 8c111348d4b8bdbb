// SPDX-License-Identifier: MIT
// Sharing behaviour in one suite (accept, members, removal, nested shares, the 10,000-file cost), past 200 lines.
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// Sharing a folder with people: accept, members' writes, removal and key epochs, and the O(1) cost of sharing.
@Suite struct VaultSharingTests {
    /// Alice owns /team with two files and a subfolder, shared with Bob and Carol, who both accepted it.
    static func sharedTeam(_ transport: Transport = .directory) throws -> World {
        let world = World(transport)
        for (a, b) in [(Person.alice, Person.bob), (.alice, .carol), (.bob, .alice), (.carol, .alice)] {
            world.pin(b, by: a)
        }
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/team"))
        try alice.makeFolder(VaultPath("/team/sub"))
        try alice.put(Array("plan".utf8), at: VaultPath("/team/plan.txt"))
        try alice.put(Array("deep".utf8), at: VaultPath("/team/sub/deep.txt"))
        let team = world.folderID("/team", as: .alice)
        try alice.share(VaultPath("/team"), with: "bob")
        try alice.share(VaultPath("/team"), with: "carol")
        try world.vault(.bob).accept(folder: team, as: "team")
        try world.vault(.carol).accept(folder: team, as: "team")
        return world
    }

    @Test func membersReadTheWholeSubtreeAndWriteSignedRecords() throws {
        let world = try Self.sharedTeam()
        let bob = world.vault(.bob)
        #expect(try bob.read(VaultPath("@team/plan.txt")) == Array("plan".utf8))
        #expect(try bob.read(VaultPath("@team/sub/deep.txt")) == Array("deep".utf8))
        try bob.put(Array("from bob".utf8), at: VaultPath("@team/sub/bob.txt"))
        try bob.makeFolder(VaultPath("@team/bobs"))
        let entries = try world.vault(.alice).list(VaultPath("/team/sub"))
        let written = try #require(entries.first { $0.name == "bob.txt" })
        #expect(written.writer == Person.bob.account.accountID)
        #expect(try world.vault(.alice).read(VaultPath("/team/sub/bob.txt")) == Array("from bob".utf8))
        #expect(try world.vault(.carol).read(VaultPath("@team/sub/bob.txt")) == Array("from bob".utf8))
        #expect(try world.vault(.carol).list(VaultPath("@team")).map(\.name) == ["bobs", "plan.txt", "sub"])
        // A folder a member made can later be shared by the owner (its keyring becomes the owner's).
        try world.vault(.alice).share(VaultPath("/team/bobs"), with: "carol")
        try world.vault(.carol).accept(folder: world.folderID("/team/bobs", as: .alice), as: "bobs")
        #expect(try world.vault(.carol).list(VaultPath("@bobs")).isEmpty)
        #expect(try world.vault(.bob).list(VaultPath("@team/bobs")).isEmpty)
        // Bob cannot see the rest of Alice's tree, nor share her folder.
        #expect { try bob.list(VaultPath("/")) } throws: { ($0 as? VaultError)?.name == "notFound" }
        #expect { try bob.share(VaultPath("@team"), with: "alice") } throws: {
            ($0 as? VaultError)?.name == "wrongNodeType"
        }
    }

    @Test func removedMemberCannotReadAFileAddedAfterRemoval() throws {
        let world = try Self.sharedTeam()
        let bob = world.vault(.bob)
        // Bob's client keeps what it had: the epoch-1 keys of /team (a removed member keeps old keys).
        let bobsOldKeys = try bob.folder(at: VaultPath("@team")).keys
        let receipt = try world.vault(.alice).unshare(VaultPath("/team"), member: "bob")
        #expect(receipt.epoch == 2)
        try world.vault(.alice).put(Array("after removal".utf8), at: VaultPath("/team/new.txt"))
        try world.vault(.alice).put(Array("deeper".utf8), at: VaultPath("/team/sub/new.txt"))
        // Through the API: refused, nothing released.
        expectNoPlaintext(bob, "@team/new.txt", in: world) { $0 == .notAMember(folder: receipt.folder.hex) }
        // Bypassing the member check with the old keys: the new file's key is wrapped under epoch 2.
        let team = try world.vault(.alice).folder(at: VaultPath("/team"))
        let child = try #require(try world.vault(.alice).child(named: "new.txt", in: team))
        let sealed = try world.vault(.alice).content(of: child)
        #expect(bobsOldKeys.latest == 1)
        #expect(throws: VaultError.epochKeyUnavailable(folder: team.id.hex, epoch: 2)) {
            try sealed.decrypt(record: child.record, keys: bobsOldKeys, to: MemorySink())
        }
        let header = try HeaderParser.parse(from: BufferedSource(MemorySource(sealed.head)))
        #expect(try FolderKeyIdentity(keys: bobsOldKeys, node: child.record.id).unwrap(header.stanzas) == nil)
        // The subfolder rotated too: its new epoch is wrapped under /team's epoch 2, out of Bob's reach.
        let sub = try world.vault(.alice).folder(at: VaultPath("/team/sub"))
        #expect(sub.keys.latest == 2)
        #expect(throws: VaultError.epochKeyUnavailable(folder: team.id.hex, epoch: 2)) {
            try sub.keyring.unwrap(parentKeys: bobsOldKeys)
        }
        // Old files stay readable to those who still have access; the new one too.
        let carol = world.vault(.carol)
        #expect(try carol.read(VaultPath("@team/plan.txt")) == Array("plan".utf8))
        #expect(try carol.read(VaultPath("@team/new.txt")) == Array("after removal".utf8))
        #expect(try carol.read(VaultPath("@team/sub/new.txt")) == Array("deeper".utf8))
        #expect(try carol.read(VaultPath("@team/sub/deep.txt")) == Array("deep".utf8))
        #expect(try world.vault(.alice).read(VaultPath("/team/plan.txt")) == Array("plan".utf8))
    }

    @Test func aRemovedMembersLaterWritesAreRefused() throws {
        let world = try Self.sharedTeam()
        let bob = world.vault(.bob)
        let teamForBob = try bob.folder(at: VaultPath("@team"))
        try world.vault(.alice).unshare(VaultPath("/team"), member: "bob")
        #expect { try bob.put([1], at: VaultPath("@team/x")) } throws: { ($0 as? VaultError)?.name == "notAMember" }
        // With his stale view Bob's compare-and-swap fails (the unshare rewrote the listing after the new epoch)…
        #expect { try bob.updateListing(of: teamForBob, adding: []) } throws: {
            ($0 as? VaultError)?.name == "changedConcurrently"
        }
        // …but a provider that lets him overwrite it anyway gains nothing: Alice's client refuses his listing.
        let forged = Manifest.make(
            treeOwner: teamForBob.owner, folder: teamForBob.id, version: teamForBob.manifest.version + 9,
            entries: teamForBob.manifest.entries, signer: bob.signer)
        world.replace(teamForBob.id, .list, with: forged.encoded)
        #expect { try world.vault(.alice).list(VaultPath("/team")) } throws: {
            ($0 as? VaultError) == .unauthorizedWriter(kind: "manifest", signer: Person.bob.account.accountID.hex)
        }
    }

    @Test func sharingTenThousandFilesCostsConstantPublicKeyOperations() throws {
        let store = MemoryRecordStore()
        let world = World()
        world.pin(.bob, by: .alice)
        world.pin(.carol, by: .alice)
        world.pin(.alice, by: .bob)
        let alice = world.vault(.alice, store: store)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/small"))
        try alice.makeFolder(VaultPath("/big"))
        try alice.put([VaultUpload(name: "only.txt", content: [1])], into: VaultPath("/small"))
        let uploads = (0..<10_000).map { VaultUpload(name: "file-\($0).txt", content: Array("content \($0)".utf8)) }
        try alice.put(uploads, into: VaultPath("/big"))

        func cost(_ body: () throws -> Void) rethrows -> (
            x25519: Int, encapsulations: Int, signatures: Int, verifications: Int, writes: Int
        ) {
            world.counter.reset()
            let before = store.writeCount
            try body()
            return (
                world.counter.x25519Operations, world.counter.keyEncapsulations, world.counter.signatures,
                world.counter.verifications, store.writeCount - before
            )
        }
        let small = try cost { try alice.share(VaultPath("/small"), with: "bob") }
        let big = try cost { try alice.share(VaultPath("/big"), with: "bob") }
        // One X-Wing encapsulation (Bob has a post-quantum key; an X25519 share costs an ephemeral key and one
        // agreement), one share record and one member list signature; the verifications are of the path from the
        // root (root and the folder: member list, keyring and listing), not of the files.
        #expect(big.encapsulations == 1 && big.x25519 == 0)
        #expect(big.signatures == 2)
        #expect(big.writes == 2)
        #expect(big.encapsulations == small.encapsulations && big.signatures == small.signatures)
        #expect(big.verifications == small.verifications)
        #expect(big.verifications <= 6)
        // Per recipient: a second person costs the same again.
        let second = try cost { try alice.share(VaultPath("/big"), with: "carol") }
        #expect(second.encapsulations == 1 && second.signatures == 2)
        // Removing a member: the intent record (§10.9), one keyring (one folder), its listing (the fence of
        // Spec/vault.md §10.6, same entries), the member list, one share per remaining member.
        let removal = try cost { try alice.unshare(VaultPath("/big"), member: "carol") }
        #expect(removal.encapsulations == 1 && removal.x25519 == 0)
        #expect(removal.signatures == 5)
        // Bob really can read the 10 000-file folder through that one share.
        let bob = world.vault(.bob, store: store)
        try bob.accept(folder: world.folderIDIn(store, "/big", as: .alice), as: "big")
        #expect(try bob.read(VaultPath("@big/file-9999.txt")) == Array("content 9999".utf8))
    }

    @Test func acceptingNeedsAShareAddressedHereAndAVerifiedOwner() throws {
        let world = World()
        world.pin(.bob, by: .alice)
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/x"))
        let x = world.folderID("/x", as: .alice)
        #expect { try world.vault(.bob).accept(folder: x, as: "x") } throws: { ($0 as? VaultError)?.name == "notFound" }
        try alice.share(VaultPath("/x"), with: "bob")
        #expect { try world.vault(.carol).pendingShares(from: "alice") } throws: {
            ($0 as? VaultError)?.name == "account"
        }
        world.pin(.alice, by: .bob)
        #expect(try world.vault(.bob).pendingShares(from: "alice") == [x])
        try world.vault(.bob).accept(folder: x, as: "x")
        #expect(try world.vault(.bob).list(VaultPath("@x")).isEmpty)
    }

    @Test func nestedSharesStayConsistentThroughAddAndRemove() throws {
        let world = World()
        for (a, b) in [(Person.alice, Person.bob), (.alice, .carol), (.bob, .alice), (.carol, .alice)] {
            world.pin(b, by: a)
        }
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/team"))
        try alice.makeFolder(VaultPath("/team/sub"))
        // Carol gets only /team/sub, before Bob gets /team: sharing /team adds Bob to /team/sub's list too.
        try alice.share(VaultPath("/team/sub"), with: "carol")
        try alice.share(VaultPath("/team"), with: "bob")
        try world.vault(.carol).accept(folder: world.folderID("/team/sub", as: .alice), as: "sub")
        try world.vault(.bob).accept(folder: world.folderID("/team", as: .alice), as: "team")
        try world.vault(.bob).put(Array("bob was here".utf8), at: VaultPath("@team/sub/b.txt"))
        #expect(try world.vault(.carol).read(VaultPath("@sub/b.txt")) == Array("bob was here".utf8))
        #expect { try world.vault(.carol).list(VaultPath("@sub/..")) } throws: { _ in true }
        // Removing Bob from /team rotates /team/sub too, re-keys Carol's share of it and drops Bob from its list.
        #expect { try alice.unshare(VaultPath("/team/sub"), member: "bob") } throws: {
            ($0 as? VaultError)?.name == "wrongNodeType"
        }
        try alice.unshare(VaultPath("/team"), member: "bob")
        try alice.put(Array("after".utf8), at: VaultPath("/team/sub/new.txt"))
        #expect(try world.vault(.carol).read(VaultPath("@sub/new.txt")) == Array("after".utf8))
        #expect(try world.vault(.carol).read(VaultPath("@sub/b.txt")) == Array("bob was here".utf8))
        let sub = try alice.folder(at: VaultPath("/team/sub"))
        #expect(sub.members?.contains(Person.bob.account.accountID) == false)
        #expect(sub.keys.latest == 2)
        expectNoPlaintext(world.vault(.bob), "@team/sub/new.txt", in: world) {
            $0 == .notAMember(folder: world.folderID("/team", as: .alice).hex)
        }
    }

}

extension World {
    /// `folderID` against another store.
    func folderIDIn(_ store: any VaultRecordStore, _ path: String, as person: Person) throws -> NodeID {
        let vaultPath = try VaultPath(path)
        return try vault(person, store: store).list(vaultPath.parent).first { $0.name == vaultPath.name }!.id
    }
}
