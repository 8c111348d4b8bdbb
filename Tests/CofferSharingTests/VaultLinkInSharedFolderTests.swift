// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// A folder link to a non-shared subfolder of a shared folder (Spec/vault.md §8.6, links.md §8.1 step 5): the
/// members of the shared folder above may write there, and a link opener, who sees nothing above the linked folder,
/// must still accept their signatures — and nobody else's.
@Suite struct VaultLinkInSharedFolderTests {
    /// Alice owns /team (shared with Bob, who accepted it) and /team/sub (not shared); Bob wrote /team/sub/bob.txt,
    /// so /team/sub's listing is signed by Bob.
    static func world() throws -> World {
        let world = World()
        world.pin(.bob, by: .alice)
        world.pin(.alice, by: .bob)
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/team"))
        try alice.makeFolder(VaultPath("/team/sub"))
        try alice.put(Array("deep".utf8), at: VaultPath("/team/sub/deep.txt"))
        try alice.share(VaultPath("/team"), with: "bob")
        try world.vault(.bob).accept(folder: world.folderID("/team", as: .alice), as: "team")
        return world
    }

    @Test("a link to /team/sub opens, without an account, after a member wrote there")
    func linkToSubfolderOfSharedFolderOpensAfterAMemberWrote() throws {
        let world = try Self.world()
        let link = try VaultLinkTests.link(world, "/team/sub")
        try world.vault(.bob).put(Array("from bob".utf8), at: VaultPath("@team/sub/bob.txt"))
        try world.vault(.bob).makeFolder(VaultPath("@team/sub/bobs"))
        try world.vault(.bob).put(Array("nested".utf8), at: VaultPath("@team/sub/bobs/n.txt"))
        let reader = try VaultLinkTests.open(world, link)
        let entries = try reader.list()
        #expect(entries.map(\.name) == ["bob.txt", "bobs", "deep.txt"])
        #expect(entries.first { $0.name == "bob.txt" }?.writer == Person.bob.account.accountID)
        #expect(try reader.read(VaultPath("/bob.txt")) == Array("from bob".utf8))
        #expect(try reader.read(VaultPath("/deep.txt")) == Array("deep".utf8))
        #expect(try reader.read(VaultPath("/bobs/n.txt")) == Array("nested".utf8))
    }

    @Test func aLinkMadeBeforeTheFolderAboveWasSharedStillOpens() throws {
        let world = World()
        world.pin(.bob, by: .alice)
        world.pin(.alice, by: .bob)
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/team"))
        try alice.makeFolder(VaultPath("/team/sub"))
        let link = try VaultLinkTests.link(world, "/team/sub")
        try alice.share(VaultPath("/team"), with: "bob")
        try world.vault(.bob).accept(folder: world.folderID("/team", as: .alice), as: "team")
        try world.vault(.bob).put(Array("from bob".utf8), at: VaultPath("@team/sub/bob.txt"))
        #expect(try VaultLinkTests.open(world, link).read(VaultPath("/bob.txt")) == Array("from bob".utf8))
    }

    @Test func withheldMemberListAboveLeavesTheMembersWriteUnaccepted() throws {
        let world = try Self.world()
        let link = try VaultLinkTests.link(world, "/team/sub")
        try world.vault(.bob).put(Array("from bob".utf8), at: VaultPath("@team/sub/bob.txt"))
        world.delete(world.folderID("/team", as: .alice), .members)
        #expect { try VaultLinkTests.open(world, link) } throws: {
            ($0 as? VaultError)?.name == "unauthorizedWriter"
        }
    }

    @Test func aKeyringAboveEditedByTheServerIsRefused() throws {
        let world = try Self.world()
        let link = try VaultLinkTests.link(world, "/team/sub")
        let team = world.folderID("/team", as: .alice)
        let original = world.bytes(team, .keys)
        var bytes = original
        bytes[5 + 16 + 16] ^= 1  // the parent id /team's keyring names: the walk up reaches no such folder
        world.replace(team, .keys, with: bytes)
        #expect { try VaultLinkTests.open(world, link) } throws: { ($0 as? VaultError)?.name == "childMissing" }
        bytes = original
        bytes[5 + 48 + 4 + 4 + 10] ^= 1  // inside its parent wrap: the owner's signature no longer verifies
        world.replace(team, .keys, with: bytes)
        #expect { try VaultLinkTests.open(world, link) } throws: { ($0 as? VaultError)?.name == "signatureInvalid" }
        world.delete(team, .keys)
        #expect { try VaultLinkTests.open(world, link) } throws: { ($0 as? VaultError)?.name == "childMissing" }
    }
}
