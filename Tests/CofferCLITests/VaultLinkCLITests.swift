// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `coffer vault link …` end to end: the owner makes a folder link; a stranger with only the link and the vault
/// directory (no account, no device) lists and reads; password, expiry, revocation and tampering are refused with
/// no output file left.
@Suite(.serialized) struct VaultLinkCLITests {
    static func owner() throws -> VaultCLITests.Setup {
        let setup = VaultCLITests.Setup(dir: try CLIHarness.scratch())
        try Data("a passphrase\n".utf8).write(to: setup.dir.appendingPathComponent("a.pw"))
        let created = try setup.plain([
            "account", "create", "--store", "store", "--device", "dev-a", "--passphrase-file", "a.pw",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try setup.run(["vault", "init"]).status == 0)
        #expect(try setup.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(try setup.run(["vault", "mkdir", "/team/sub"]).status == 0)
        try Data("the plan".utf8).write(to: setup.dir.appendingPathComponent("plan.txt"))
        #expect(try setup.run(["vault", "put", "plan.txt", "/team/plan.txt"]).status == 0)
        #expect(try setup.run(["vault", "put", "plan.txt", "/team/sub/deep.txt"]).status == 0)
        return setup
    }

    /// The stranger: a different directory's view is not needed, only `--vault` and the link.
    static func open(_ s: VaultCLITests.Setup, _ arguments: [String]) throws -> CLIHarness.Result {
        try s.plain(["vault", "link", "open", "--link-file", "link.txt", "--vault", "vault"] + arguments)
    }

    @Test func ownerLinksAFolderAndAStrangerReadsIt() throws {
        let s = try Self.owner()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let created = try s.run(["vault", "link", "create", "/team"])
        #expect(created.status == 0, "\(created.stderr)")
        let link = s.out(created)
        #expect(link.hasPrefix("https://coffer.invalid/l/") && link.hasSuffix("\n") && link.contains("#1"))
        try Data(link.utf8).write(to: s.dir.appendingPathComponent("link.txt"))
        let listed = try Self.open(s, [])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(s.out(listed) == "-\t8\tplan.txt\nd\t0\tsub\n")
        #expect(s.out(try Self.open(s, ["ls", "/sub"])) == "-\t8\tdeep.txt\n")
        #expect(try Self.open(s, ["get", "/plan.txt"]).stdout == Data("the plan".utf8))
        #expect(try Self.open(s, ["get", "/sub/deep.txt", "-o", "out.txt"]).status == 0)
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("out.txt")) == Data("the plan".utf8))
        // The link as an argument works too; the lookup id shows in `link list`.
        let lookupID = String(link.split(separator: "/").last!.split(separator: "#").first!)
        #expect(
            try s.plain(["vault", "link", "open", "--vault", "vault", link.trimmingCharacters(in: .newlines)])
                .status == 0)
        #expect(s.out(try s.run(["vault", "link", "list"])).hasPrefix(lookupID + "  folder "))
        // A file swapped by the server: refused, no output left.
        let records = try FileManager.default.contentsOfDirectory(atPath: s.dir.appendingPathComponent("vault").path)
        let bodies = records.filter { $0.contains(".body-") }.sorted()
        #expect(bodies.count == 2)
        let vault = s.dir.appendingPathComponent("vault")
        let first = try Data(contentsOf: vault.appendingPathComponent(bodies[0]))
        var flipped = first
        flipped[flipped.count - 1] ^= 1
        try flipped.write(to: vault.appendingPathComponent(bodies[0]))
        try flipped.write(to: vault.appendingPathComponent(bodies[1]))
        let refused = try Self.open(s, ["get", "/plan.txt", "-o", "bad.txt"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("coffer: "))
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("bad.txt").path))
        // Revoked: an honest server no longer has the record.
        // The options go before `--`: a lookup id may start with '-'.
        let revoke = try s.plain([
            "vault", "link", "revoke", "--store", "store", "--device", "dev-a", "--passphrase-file", "a.pw",
            "--vault", "vault", "--", lookupID,
        ])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let revoked = try Self.open(s, [])
        #expect(revoked.status == 1)
        #expect(s.out(try s.run(["vault", "link", "list"])).isEmpty)
    }

    @Test func passwordAndExpiry() throws {
        let s = try Self.owner()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try Data("link password\n".utf8).write(to: s.dir.appendingPathComponent("lp.txt"))
        let created = try s.run(["vault", "link", "create", "/team", "--password-file", "lp.txt"])
        #expect(created.status == 0, "\(created.stderr)")
        try created.stdout.write(to: s.dir.appendingPathComponent("link.txt"))
        let without = try Self.open(s, [])
        #expect(without.status == 1)
        #expect(without.stderr.contains("password"))
        #expect(try Self.open(s, ["--password-file", "lp.txt"]).status == 0)
        let expiring = try s.run(["vault", "link", "create", "/team", "--expires", "2020-01-01T00:00:00Z"])
        #expect(expiring.status == 64)  // an expiry in the past is a usage error, refused before anything is written
        let help = s.out(try s.plain(["vault", "link", "open", "--help"]))
        #expect(help.contains("Examples:"))
    }
}
