// SPDX-License-Identifier: MIT
// Share a single file (Spec/vault.md §7.4) between two accounts that verified each other: a shares one
// version of /team/plan.bin with b; b lists it pending, accepts it, reads it byte for byte; --writer is refused; b
// cannot list the folder; sharing again shares the new version; unshare deletes it.
import Foundation
import Testing

@Suite(.serialized) struct VaultFileShareCLITests {
    typealias Setup = VaultCLITests.Setup

    @Test func aSharedFileIsListedAcceptedReadAndUnshared() throws {
        try VaultCLITests.withTwoPeople(throughServer: false) { s in try Self.shareAFile(s) }
    }

    /// The same through `coffer serve` (signed requests): the share record is the owner's record under the file's
    /// prefix, and reading it needs no membership.
    @Test func aSharedFileThroughTheServer() throws {
        try VaultCLITests.withTwoPeople(throughServer: true) { s in try Self.shareAFile(s) }
    }

    static func shareAFile(_ s: Setup) throws {
        let content = CLIHarness.bytes(150_000)
        try content.write(to: s.dir.appendingPathComponent("plan.bin"))
        try Data("sibling".utf8).write(to: s.dir.appendingPathComponent("secret.txt"))
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "init"], "b").status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(try s.run(["vault", "put", "plan.bin", "/team/plan.bin"]).status == 0)
        #expect(try s.run(["vault", "put", "secret.txt", "/team/secret.txt"]).status == 0)

        // --writer makes no sense for a file: a usage error, nothing written.
        let writer = try s.run(["vault", "share", "/team/plan.bin", "--with", "b", "--writer"])
        #expect(writer.status == 64 && writer.stdout.isEmpty, "\(writer.stderr)")
        #expect(writer.stderr.contains("read-only") && writer.stderr.contains("hint:"), "\(writer.stderr)")
        #expect(try s.run(["vault", "shares"], "b").stdout.isEmpty)

        let shared = try s.run(["vault", "share", "/team/plan.bin", "--with", "b"])
        #expect(shared.status == 0, "\(shared.stderr)")
        let file = s.out(shared).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(file.count == 32 && shared.stderr.contains("read-only"), "\(shared.stderr)")

        let pending = VaultMembershipCLITests.lines(s, try s.run(["vault", "shares"], "b"))
        #expect(pending == [["pending", "-", "a", "file", file]])
        let accepted = try s.run(["vault", "accept", "--from", "a", "--as", "plan"], "b")
        #expect(accepted.status == 0 && accepted.stderr.contains("@plan"), "\(accepted.stderr)")
        let listed = try VaultMembershipCLITests.json(try s.run(["vault", "shares", "--json"], "b"))
        let rows = try #require(listed["accepted"] as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["kind"] as? String == "file" && rows.first?["file"] as? String == file)
        #expect(rows.first?["name"] as? String == "plan" && rows.first?["folder"] == nil)

        // b reads it byte for byte, to stdout and all or nothing with -o.
        let got = try s.run(["vault", "get", "@plan"], "b")
        #expect(got.status == 0 && got.stdout == content, "\(got.stderr)")
        #expect(try s.run(["vault", "get", "@plan", "-o", "copy.bin"], "b").status == 0)
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("copy.bin")) == content)
        // Nothing else: b cannot list @plan as a folder nor reach /team.
        let ls = try s.run(["vault", "ls", "@plan"], "b")
        #expect(ls.status == 1 && ls.stdout.isEmpty && ls.stderr.contains("shared file"), "\(ls.stderr)")
        let folder = try s.run(["vault", "ls", "@plan/secret.txt"], "b")
        #expect(folder.status == 1 && folder.stdout.isEmpty)

        // A snapshot: after a change b reads the old version until a shares again.
        try Data("second version".utf8).write(to: s.dir.appendingPathComponent("plan.bin"))
        #expect(try s.run(["vault", "put", "plan.bin", "/team/plan.bin"]).status == 0)
        #expect(try s.run(["vault", "get", "@plan"], "b").stdout == content)
        #expect(try s.run(["vault", "share", "/team/plan.bin", "--with", "b"]).status == 0)
        #expect(try s.run(["vault", "get", "@plan"], "b").stdout == Data("second version".utf8))

        // unshare deletes the share: b is refused, and a's files are untouched.
        let unshared = try s.run(["vault", "unshare", "/team/plan.bin", "--member", "b"])
        #expect(unshared.status == 0 && unshared.stderr.contains("kept"), "\(unshared.stderr)")
        let refused = try s.run(["vault", "get", "@plan", "-o", "after.bin"], "b")
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("after.bin").path))
        let again = try s.run(["vault", "unshare", "/team/plan.bin", "--member", "b"])
        #expect(again.status == 1, "\(again.stderr)")
        #expect(try s.run(["vault", "get", "/team/plan.bin"]).stdout == Data("second version".utf8))
        #expect(try s.run(["vault", "verify", "/"]).status == 0)
    }
}
