// SPDX-License-Identifier: MIT
// Roles: `vault share --reader/--writer` and `vault members` showing roles (text and --json,
// Spec/cli-json.md §2.7), on a vault directory and through `coffer serve` (which ends a reader's write access).
import Foundation
import Testing

@Suite(.serialized) struct VaultRoleCLITests {
    typealias Setup = VaultCLITests.Setup

    static func rows(_ s: Setup, _ arguments: [String], _ who: String = "a") throws -> [String: String] {
        let result = try s.run(arguments, who)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let members = try #require(document["members"] as? [[String: Any]])
        var access: [String: String] = [:]
        for member in members {
            access[member["contact"] as? String ?? "?"] = "\(member["role"] ?? "?")/\(member["access"] ?? "?")"
        }
        return access
    }

    static func shareWithAReaderThenChangeRoles(_ s: Setup) throws {
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "init"], "b").status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        try Data("plan".utf8).write(to: s.dir.appendingPathComponent("plan.txt"))
        #expect(try s.run(["vault", "put", "plan.txt", "/team/plan.txt"]).status == 0)

        let both = try s.run(["vault", "share", "/team", "--with", "b", "--reader", "--writer"])
        #expect(both.status == 64 && both.stderr.contains("--reader or --writer"), "\(both.stderr)")
        let shared = try s.run(["vault", "share", "/team", "--with", "b", "--reader"])
        #expect(shared.status == 0 && shared.stderr.contains("as a reader"), "\(shared.stderr)")
        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
        #expect(try s.run(["vault", "get", "@team/plan.txt"], "b").stdout == Data("plan".utf8))

        // The reader's client refuses every write, with a message that says why and what to do.
        for attempt in [
            ["vault", "put", "plan.txt", "@team/mine.txt"], ["vault", "mkdir", "@team/mine"],
            ["vault", "rm", "@team/plan.txt"], ["vault", "mv", "@team/plan.txt", "@team/renamed.txt"],
        ] {
            let refused = try s.run(attempt, "b")
            #expect(refused.status == 1, "\(attempt): \(refused.stderr)")
            #expect(refused.stderr.contains("coffer: you are a reader of @team/"), "\(attempt): \(refused.stderr)")
            #expect(refused.stderr.contains("hint: ask the folder's owner to make you a writer"), "\(attempt)")
        }

        // members: text and JSON, from the owner's side and the reader's.
        let text = try s.run(["vault", "members", "/team"])
        let lines = s.out(text).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { [$0[0], $0[2]] } == [["owner", "you"], ["reader", "b"]], "\(s.out(text))")
        #expect(try rows(s, ["vault", "members", "/team", "--json"]) == ["you": "owner/write", "b": "member/read"])
        #expect(
            try rows(s, ["vault", "members", "@team", "--json"], "b") == ["a": "owner/write", "you": "member/read"])

        // Made a writer, b writes; sharing again without a flag keeps the role.
        let promoted = try s.run(["vault", "share", "/team", "--with", "b", "--writer"])
        #expect(promoted.status == 0 && promoted.stderr.contains("as a writer"), "\(promoted.stderr)")
        #expect(try s.run(["vault", "put", "plan.txt", "@team/b.txt"], "b").status == 0)
        let again = try s.run(["vault", "share", "/team", "--with", "b"])
        #expect(again.status == 0 && again.stderr.contains("as a writer"), "\(again.stderr)")
        #expect(try rows(s, ["vault", "members", "/team", "--json"]) == ["you": "owner/write", "b": "member/write"])

        // Made a reader again: what b wrote stays readable (the owner re-signed it); b writes no more.
        #expect(try s.run(["vault", "share", "/team", "--with", "b", "--reader"]).status == 0)
        #expect(try s.run(["vault", "get", "/team/b.txt"]).stdout == Data("plan".utf8))
        #expect(try s.run(["vault", "get", "@team/b.txt"], "b").stdout == Data("plan".utf8))
        #expect(try s.run(["vault", "verify", "/team"]).status == 0)
        #expect(try s.run(["vault", "put", "plan.txt", "@team/c.txt"], "b").status == 1)
    }

    @Test func shareWithAReaderOnAVaultDirectory() throws {
        try VaultCLITests.withTwoPeople(throughServer: false) { s in try Self.shareWithAReaderThenChangeRoles(s) }
    }

    @Test func shareWithAReaderThroughTheServer() throws {
        try VaultCLITests.withTwoPeople(throughServer: true) { s in try Self.shareWithAReaderThenChangeRoles(s) }
    }
}
