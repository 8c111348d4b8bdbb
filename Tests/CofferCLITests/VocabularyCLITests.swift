// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// One vocabulary and one exit-code table: `--version`, the table in `coffer --help`, `keygen -y`,
/// `--password` beside `--password-file`, the minimum passphrase and `passwd` refusing the same one.
@Suite struct VocabularyCLITests {
    func coffer(_ arguments: [String], in dir: URL? = nil) throws -> CLIHarness.Result {
        try CLIHarness.run(CLIHarness.coffer, arguments, in: dir ?? FileManager.default.temporaryDirectory)
    }

    func text(_ result: CLIHarness.Result) -> String { String(decoding: result.stdout, as: UTF8.self) }

    @Test func versionAndTheExitCodeTable() throws {
        let version = try coffer(["--version"])
        #expect(version.status == 0)
        #expect(text(version).hasPrefix("coffer 0.") && text(version).hasSuffix("\n"), "\(text(version))")
        let help = text(try coffer(["--help"]))
        for row in ["Exit codes (every command):", "  0   success", "  1   the operation failed", "  64  the command"] {
            #expect(help.contains(row), "missing \(row)")
        }
        #expect(help.contains("\"passphrase\" protects an account") && help.contains("\"password\" protects a share"))
        // 64 for a usage error, in every command family, vectors verify included.
        let usage = [["vectors", "verify", "/nonexistent/v.json"], ["keygen", "--nope"], ["vault", "ls", "a", "b"]]
        for arguments in usage {
            #expect(try coffer(arguments).status == 64, "\(arguments)")
        }
    }

    @Test func keygenYPrintsTheRecipientOfAnIdentityFile() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try coffer(["keygen", "-o", "key.txt"], in: dir)
        let recipient = try #require(made.stderr.split(separator: " ").last).trimmingCharacters(in: .newlines)
        #expect(text(try coffer(["keygen", "-y", "key.txt"], in: dir)) == recipient + "\n")
        let fromStdin = try CLIHarness.run(
            CLIHarness.coffer, ["keygen", "-y"], stdin: try Data(contentsOf: dir.appendingPathComponent("key.txt")),
            in: dir)
        #expect(text(fromStdin) == recipient + "\n")
        _ = try coffer(["keygen", "--pq", "-o", "pq.txt"], in: dir)
        #expect(text(try coffer(["keygen", "-y", "pq.txt"], in: dir)).hasPrefix("age1pq1"))
        if CLIHarness.ageAvailable {
            let age = try CLIHarness.run("/usr/bin/age-keygen", ["-y", "key.txt"], in: dir)
            #expect(text(try coffer(["keygen", "-y", "key.txt"], in: dir)) == text(age))
        }
        let notAnIdentity = try coffer(["keygen", "-y", "/etc/hostname"], in: dir)
        #expect(notAnIdentity.status == 1 && notAnIdentity.stdout.isEmpty)
        #expect(try coffer(["keygen", "key.txt"], in: dir).status == 64)
        #expect(try coffer(["keygen", "-y", "--pq", "key.txt"], in: dir).status == 64)
    }

    @Test func passwordBesidePasswordFileEverywhere() throws {
        for command in [["link", "create"], ["vault", "link", "create"], ["vault", "link", "open"]] {
            let help = text(try coffer(command + ["--help"]))
            #expect(help.contains("--password-file") && help.contains("--password "), "\(command)")
            let both = try coffer(command + ["--password", "--password-file", "x", "p"])
            #expect(both.status == 64, "\(command): \(both.stderr)")
        }
    }

    @Test func aWeakNewPassphraseIsRefusedWithTheRule() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        for (name, weak) in [("x", "x"), ("short", "short"), ("eleven", "abcdefghijk"), ("same", "aaaabbbbcccc")] {
            try Data((weak + "\n").utf8).write(to: f.dir.appendingPathComponent(name))
            let created = try CLIHarness.run(
                "/usr/bin/env",
                [
                    "COFFER_STORE=\(f.path("s-\(name)"))", "COFFER_DEVICE=\(f.path("d-\(name)"))", CLIHarness.coffer,
                    "account", "create", "--passphrase-file", name,
                ], in: f.dir)
            #expect(created.status == 1, "\(weak) accepted")
            #expect(
                created.stderr.hasPrefix(
                    "coffer: the new passphrase is too weak: it must have at least 12 characters, at least 5 of them "
                        + "different\n"), "\(created.stderr)")
            let stored = (try? FileManager.default.contentsOfDirectory(atPath: f.path("s-\(name)"))) ?? []
            #expect(stored.isEmpty, "\(name): \(stored)")
            let passwd = try f.run(["account", "passwd", "--passphrase-file", "p1", "--new-passphrase-file", name])
            #expect(passwd.status == 1 && passwd.stderr.contains("too weak"), "\(passwd.stderr)")
        }
        // Twelve characters of five kinds are enough (counted as characters, not bytes).
        try Data("ééééé-abcdef\n".utf8).write(to: f.dir.appendingPathComponent("ok"))
        let accented = try f.run(["account", "passwd", "--passphrase-file", "p1", "--new-passphrase-file", "ok"])
        #expect(accented.status == 0, "\(accented.stderr)")
        // passwd refuses the passphrase it would replace, and changes nothing.
        let same = try f.run(["account", "passwd", "--passphrase-file", "ok", "--new-passphrase-file", "ok"])
        #expect(same.status == 1, "\(same.stderr)")
        #expect(same.stderr.hasPrefix("coffer: the new passphrase is the same as the current one; nothing was changed"))
        #expect(try f.run(["account", "unlock", "--passphrase-file", "ok"]).status == 0)
        #expect(text(try coffer(["account", "create", "--help"])).contains("at least 12 characters"))
    }
}
