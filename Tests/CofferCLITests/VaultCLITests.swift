// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `coffer vault …` end to end with two accounts sharing one vault directory: init, mkdir, put, ls, share, accept,
/// get (stdout and atomic -o), export decrypted by `age`, mv, rm, verify, unshare, and a tampered file refused
/// with no output left behind.
@Suite(.serialized) struct VaultCLITests {
    /// The scratch directory and where the storage side is: directories by default, or a `coffer serve` URL
    /// (ServeCLITests runs the same flow through a server).
    struct Setup {
        let dir: URL
        var store = ["--store", "store"]
        var vault = ["--vault", "vault"]
        /// Runs `arguments` as `who`; the common options go before a `--` if there is one (after it they would be
        /// operands).
        func run(_ arguments: [String], _ who: String = "a") throws -> CLIHarness.Result {
            let common = store + ["--device", "dev-\(who)", "--passphrase-file", "\(who).pw"] + vault
            var all = arguments + common
            if let dashes = arguments.firstIndex(of: "--") {
                all = Array(arguments[..<dashes]) + common + Array(arguments[dashes...])
            }
            return try CLIHarness.run(CLIHarness.coffer, all, in: dir)
        }
        func plain(_ arguments: [String]) throws -> CLIHarness.Result {
            try CLIHarness.run(CLIHarness.coffer, arguments, in: dir)
        }
        func out(_ result: CLIHarness.Result) -> String { String(decoding: result.stdout, as: UTF8.self) }
    }

    /// Runs `body` with two people who verified each other (`twoPeople`): on a vault directory, or through a fresh
    /// `coffer serve` (signed requests) when `throughServer`; everything is removed and the server stopped after.
    static func withTwoPeople(throughServer: Bool, _ body: (Setup) throws -> Void) throws {
        var server: ServeCLITests.Server? = nil
        let data = try CLIHarness.scratch()
        defer {
            _ = server?.stop()
            try? FileManager.default.removeItem(at: data)
        }
        let s: Setup
        if throughServer {
            let started = try ServeCLITests.Server(data: data)
            server = started
            s = try twoPeople(store: ["--store", started.url], vault: ["--vault", "v"])
        } else {
            s = try twoPeople()
        }
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try body(s)
    }

    /// Two accounts (a, b) that pinned and verified each other, a's contact for b named `names.b` and b's for a
    /// named `names.a`.
    static func twoPeople(
        store: [String] = ["--store", "store"], vault: [String] = ["--vault", "vault"],
        names: (a: String, b: String) = ("a", "b")
    ) throws -> Setup {
        let setup = Setup(dir: try CLIHarness.scratch(), store: store, vault: vault)
        var bundles: [String: (String, String)] = [:]
        for who in ["a", "b"] {
            try Data("\(who) passphrase\n".utf8).write(to: setup.dir.appendingPathComponent("\(who).pw"))
            let created = try setup.plain(
                [
                    "account", "create", "--device", "dev-\(who)", "--passphrase-file", "\(who).pw",
                ] + store)
            #expect(created.status == 0, "\(created.stderr)")
            let shown = setup.out(
                try setup.plain(["account", "show", "--device", "dev-\(who)"] + store))
            let lines = shown.split(separator: "\n")
            let bundle = String(lines.first { $0.hasPrefix("bundle ") }!.dropFirst(7))
            let fingerprint = String(lines.first { $0.hasPrefix("fingerprint ") }!.dropFirst(12))
            bundles[who] = (bundle, fingerprint)
        }
        for (me, other, name) in [("a", "b", names.b), ("b", "a", names.a)] {
            let (bundle, fingerprint) = bundles[other]!
            let device = store + ["--device", "dev-\(me)"]
            #expect(try setup.plain(["contact", "add", name, bundle] + device).status == 0)
            #expect(try setup.plain(["contact", "verify", name, "--fingerprint", fingerprint] + device).status == 0)
        }
        return setup
    }

    @Test(.enabled(if: CLIHarness.ageAvailable)) func twoPeopleShareAFolderAndExportToAge() throws {
        let s = try Self.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try Self.shareAFolderAndExportToAge(s)
    }

    /// init, mkdir, put, ls, share, accept, get, a member's put, export to age, mv, rm, verify, unshare.
    static func shareAFolderAndExportToAge(_ s: Setup) throws {
        let content = CLIHarness.bytes(150_000)
        try content.write(to: s.dir.appendingPathComponent("big.bin"))
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "init"], "b").status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(
            try s.run(["vault", "put", "big.bin", "/team/big.bin", "--type", "application/octet-stream"]).status == 0)
        let listed = s.out(try s.run(["vault", "ls", "/team"]))
        #expect(listed.hasPrefix("-\t150000\t") && listed.hasSuffix("\tbig.bin\n"))
        let shared = try s.run(["vault", "share", "/team", "--with", "b"])
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
        let got = try s.run(["vault", "get", "@team/big.bin"], "b")
        #expect(got.status == 0 && got.stdout == content)
        #expect(try s.run(["vault", "get", "@team/big.bin", "-o", "copy.bin"], "b").status == 0)
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("copy.bin")) == content)
        // Bob writes into the shared folder; Alice reads it and sees Bob as the writer.
        try Data("from b".utf8).write(to: s.dir.appendingPathComponent("note.txt"))
        #expect(try s.run(["vault", "put", "note.txt", "@team/note.txt"], "b").status == 0)
        #expect(try s.run(["vault", "get", "/team/note.txt"]).stdout == Data("from b".utf8))
        // Export: plain age files that the age tool decrypts.
        #expect(try CLIHarness.run("/usr/bin/age-keygen", ["-o", "key.txt"], in: s.dir).status == 0)
        let recipient = String(
            decoding: try CLIHarness.run("/usr/bin/age-keygen", ["-y", "key.txt"], in: s.dir).stdout, as: UTF8.self
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try s.run(["vault", "export", "/team/big.bin", "--to", recipient, "-o", "big.age"]).status == 0)
        let decrypted = try CLIHarness.run("/usr/bin/age", ["-d", "-i", "key.txt", "big.age"], in: s.dir)
        #expect(decrypted.status == 0 && decrypted.stdout == content)
        try FileManager.default.createDirectory(
            at: s.dir.appendingPathComponent("ex"), withIntermediateDirectories: true)
        #expect(try s.run(["vault", "export", "/team", "--to", recipient, "-o", "ex"]).status == 0)
        let note = try CLIHarness.run("/usr/bin/age", ["-d", "-i", "key.txt", "ex/team/note.txt.age"], in: s.dir)
        #expect(note.stdout == Data("from b".utf8))
        // mv, rm, verify, unshare.
        #expect(try s.run(["vault", "mv", "/team/note.txt", "/note.txt"]).status == 0)
        #expect(try s.run(["vault", "rm", "/note.txt"]).status == 0)  // to the trash: still verified
        #expect(
            s.out(try s.run(["vault", "verify"]))
                == "ok: 2 folders, 2 files, 150006 bytes verified (1 in the trash, 0 earlier versions)\n")
        #expect(try s.run(["vault", "trash", "empty"]).status == 0)
        #expect(s.out(try s.run(["vault", "verify"])) == "ok: 2 folders, 1 files, 150000 bytes verified\n")
        #expect(try s.run(["vault", "unshare", "/team", "--member", "b"]).status == 0)
        let refused = try s.run(["vault", "get", "@team/big.bin", "-o", "after.bin"], "b")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("coffer: this account is not a member of folder"))
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("after.bin").path))
    }

    @Test func aTamperedFileIsRefusedAndGetLeavesNoOutput() throws {
        let s = try Self.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try CLIHarness.bytes(200_000).write(to: s.dir.appendingPathComponent("big.bin"))
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "put", "big.bin", "/big.bin"]).status == 0)
        let vault = s.dir.appendingPathComponent("vault")
        let body = try #require(
            try FileManager.default.contentsOfDirectory(atPath: vault.path).first { $0.contains(".body-") })
        var bytes = try Data(contentsOf: vault.appendingPathComponent(body))
        bytes[150_000] ^= 1
        try bytes.write(to: vault.appendingPathComponent(body))
        let result = try s.run(["vault", "get", "/big.bin", "-o", "out.bin"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("coffer: content of node "))
        #expect(result.stderr.contains("hint: "))
        let left = try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter { $0.contains("out.bin") }
        #expect(left.isEmpty)
        #expect(try s.run(["vault", "verify"]).status == 1)
    }

    @Test func helpEndsWithExamples() throws {
        let s = Setup(dir: try CLIHarness.scratch())
        defer { try? FileManager.default.removeItem(at: s.dir) }
        for sub in ["init", "put", "get", "ls", "mkdir", "mv", "rm", "share", "unshare", "accept", "verify", "export"] {
            let help = s.out(try s.plain(["vault", sub, "--help"]))
            #expect(help.contains("coffer vault \(sub)"), "\(sub)")
        }
    }
}
