// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// A link to a subfolder of a shared folder: `vault link create /team/sub` (a non-shared subfolder of the
/// shared /team), a member writes there, and `vault link open … ls /` without an account still lists and reads it
/// (Spec/vault.md §8.6).
@Suite(.serialized) struct VaultLinkInSharedFolderCLITests {
    @Test func aMembersWriteInALinkedSubfolderOpensWithoutAnAccount() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "init"], "b").status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/team/sub"]).status == 0)
        #expect(try s.run(["vault", "share", "/team", "--with", "b"]).status == 0)
        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
        let created = try s.run(["vault", "link", "create", "/team/sub"])
        #expect(created.status == 0, "\(created.stderr)")
        try created.stdout.write(to: s.dir.appendingPathComponent("link.txt"))
        try Data("from b".utf8).write(to: s.dir.appendingPathComponent("note.txt"))
        #expect(try s.run(["vault", "put", "note.txt", "@team/sub/note.txt"], "b").status == 0)
        let listed = try s.plain(["vault", "link", "open", "--link-file", "link.txt", "--vault", "vault", "ls", "/"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(s.out(listed) == "-\t6\tnote.txt\n")
        let got = try s.plain([
            "vault", "link", "open", "--link-file", "link.txt", "--vault", "vault", "get", "/note.txt",
        ])
        #expect(got.status == 0, "\(got.stderr)")
        #expect(got.stdout == Data("from b".utf8))
    }
}
