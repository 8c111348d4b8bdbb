// SPDX-License-Identifier: MIT
import Testing

@testable import CofferSharing

/// A folder whose last member was removed moves again (Spec/vault.md §10.4); one still shared does not.
@Suite struct VaultMoveUnsharedAgainTests {
    @Test func aFolderWithNoMembersLeftMovesAndStaysReadable() throws {
        let world = try VaultSharingTests.sharedTeam()
        let alice = world.vault(.alice)
        try alice.makeFolder(VaultPath("/archive"))
        #expect { try alice.move(VaultPath("/team"), to: VaultPath("/archive/team")) } throws: {
            ($0 as? VaultError)?.name == "wrongNodeType"
        }
        try alice.unshare(VaultPath("/team"), member: "bob")
        #expect { try alice.move(VaultPath("/team"), to: VaultPath("/archive/team")) } throws: {
            ($0 as? VaultError)?.name == "wrongNodeType"
        }
        try alice.unshare(VaultPath("/team"), member: "carol")
        try alice.move(VaultPath("/team"), to: VaultPath("/archive/team"))
        let reopened = world.vault(.alice)
        #expect(try reopened.list(VaultPath("/")).map(\.name) == ["archive"])
        #expect(try reopened.read(VaultPath("/archive/team/plan.txt")) == Array("plan".utf8))
        #expect(try reopened.read(VaultPath("/archive/team/sub/deep.txt")) == Array("deep".utf8))
        _ = try reopened.verify(VaultPath("/"))
        // A former member reads nothing through the old share.
        #expect(throws: VaultError.self) { try world.vault(.bob).list(VaultPath("@team")) }
        // And it can be shared again where it now is.
        try reopened.share(VaultPath("/archive/team"), with: "bob")
        try world.vault(.bob).accept(folder: world.folderID("/archive/team", as: .alice), as: "team2")
        #expect(try world.vault(.bob).read(VaultPath("@team2/plan.txt")) == Array("plan".utf8))
    }
}
