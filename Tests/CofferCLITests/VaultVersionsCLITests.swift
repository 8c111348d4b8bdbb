// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `vault log`, `get --version`, `restore`, `rm` to the trash, `trash list`, `trash empty` and `gc` keeping what
/// the policy keeps (Spec/vault.md §4.1, §6.4).
@Suite(.serialized) struct VaultVersionsCLITests {
    static let pass = ["--passphrase-file", "p1"]

    func put(_ f: CLIFixture, _ text: String, _ path: String, _ extra: [String] = []) throws {
        try Data(text.utf8).write(to: f.dir.appendingPathComponent("in.txt"))
        try f.ok(["vault", "put", "in.txt", path] + extra + Self.pass)
    }

    func versions(_ f: CLIFixture, _ path: String) throws -> [String] {
        try f.ok(["vault", "log", path] + Self.pass).split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
    }

    /// `vault COMMAND --help` with its lines joined (ArgumentParser wraps them to the terminal's width).
    func help(_ f: CLIFixture, _ command: String) throws -> String {
        try f.ok(["vault", command, "--help"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func logGetVersionAndRestoreKeepEveryVersion() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try put(f, "second\n", "/a.txt")
        try put(f, "third!\n", "/a.txt")
        let log = try f.ok(["vault", "log", "/a.txt"] + Self.pass)
        let lines = log.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0[0] } == ["v3", "v2", "v1"], "\(log)")
        #expect(lines.map { $0[1] } == ["7", "7", "6"])
        #expect(lines[0].last == "current" && lines[1].count == 4)
        #expect(lines.allSatisfy { $0[3] == f.accountID })
        #expect(try f.ok(["vault", "get", "/a.txt", "--version", "1"] + Self.pass) == "hello\n")
        #expect(try f.ok(["vault", "get", "/a.txt", "--version", "2"] + Self.pass) == "second\n")
        let missing = try f.run(["vault", "get", "/a.txt", "--version", "9"] + Self.pass)
        #expect(missing.status == 1 && missing.stdout.isEmpty, "\(missing.stderr)")
        #expect(missing.stderr.contains("/a.txt version 9"), "\(missing.stderr)")
        try f.ok(["vault", "restore", "/a.txt", "--version", "1"] + Self.pass)
        #expect(try f.ok(["vault", "get", "/a.txt"] + Self.pass) == "hello\n")
        #expect(try versions(f, "/a.txt") == ["v4", "v3", "v2", "v1"])
        // --json: schema 1, newest first, the current one marked.
        let json = try f.ok(["vault", "log", "/a.txt", "--json"] + Self.pass)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["schema"] as? Int == 1 && document["command"] as? String == "vault log")
        let listed = try #require(document["versions"] as? [[String: Any]])
        #expect(listed.map { $0["number"] as? Int } == [4, 3, 2, 1])
        #expect(listed.map { $0["current"] as? Bool } == [true, false, false, false])
        #expect(listed.map { $0["size"] as? Int } == [6, 7, 7, 6])
        // The policy: --keep-versions 2 keeps the new version and one earlier; refused outside 1…16.
        try put(f, "fifth\n", "/a.txt", ["--keep-versions", "2"])
        #expect(try versions(f, "/a.txt") == ["v5", "v4"])
        let bad = try f.run(["vault", "put", "in.txt", "/a.txt", "--keep-versions", "17"] + Self.pass)
        #expect(bad.status == 64 && bad.stderr.contains("--keep-versions must be 1 to 16"), "\(bad.stderr)")
        #expect(try f.ok(["vault", "verify"] + Self.pass).contains("(0 in the trash, 1 earlier versions)"))
    }

    @Test func rmMovesToTheTrashAndRestoreAndEmptyWork() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "-p", "/d/e"] + Self.pass)
        try put(f, "deep\n", "/d/e/x.txt")
        let refused = try f.run(["vault", "rm", "/d"] + Self.pass)
        #expect(refused.status == 1 && refused.stderr.contains("not empty"), "\(refused.stderr)")
        try f.ok(["vault", "rm", "-r", "/d"] + Self.pass)
        try f.ok(["vault", "rm", "/a.txt"] + Self.pass)
        #expect(try f.ok(["vault", "ls", "/"] + Self.pass).isEmpty)
        let gone = try f.run(["vault", "get", "/a.txt"] + Self.pass)
        #expect(gone.status == 1 && gone.stderr.contains("not found"), "\(gone.stderr)")
        let trash = try f.ok(["vault", "trash"] + Self.pass)
        let rows = trash.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[0] } == ["-", "d"] && rows.map { $0[3] } == ["/a.txt", "/d"], "\(trash)")
        #expect(try f.ok(["vault", "trash", "list", "/"] + Self.pass) == trash)
        let json = try f.ok(["vault", "trash", "list", "--json"] + Self.pass)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["command"] as? String == "vault trash list")
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.map { $0["path"] as? String } == ["/a.txt", "/d"])
        #expect(entries.map { $0["kind"] as? String } == ["file", "folder"])
        // Back to its path; a folder to another one with --to, whole.
        try f.ok(["vault", "restore", "/a.txt"] + Self.pass)
        #expect(try f.ok(["vault", "get", "/a.txt"] + Self.pass) == "hello\n")
        try f.ok(["vault", "mkdir", "/archive"] + Self.pass)
        try f.ok(["vault", "restore", "/d", "--to", "/archive/d2"] + Self.pass)
        #expect(try f.ok(["vault", "get", "/archive/d2/e/x.txt"] + Self.pass) == "deep\n")
        let again = try f.run(["vault", "restore", "/d"] + Self.pass)
        #expect(again.status == 1 && again.stderr.contains("/d in the trash not found"), "\(again.stderr)")
        // Empty: --older-than-days keeps what is newer; then everything goes, for good.
        try f.ok(["vault", "rm", "-r", "/archive"] + Self.pass)
        #expect(
            try f.ok(["vault", "trash", "empty", "--older-than-days", "1"] + Self.pass) == "deleted 0 trash entries\n")
        #expect(try f.ok(["vault", "gc"] + Self.pass).hasPrefix("deleted 0 trash entries older than 30 days"))
        #expect(try f.ok(["vault", "trash"] + Self.pass).contains("/archive"))
        #expect(try f.ok(["vault", "trash", "empty"] + Self.pass) == "deleted 1 trash entries\n")
        #expect(try f.ok(["vault", "trash"] + Self.pass).isEmpty)
        let emptied = try f.run(["vault", "restore", "/archive"] + Self.pass)
        #expect(emptied.status == 1, "\(emptied.stderr)")
        #expect(try f.ok(["vault", "verify"] + Self.pass).contains("ok: 1 folders, 1 files"))
    }

    /// `put -r` keeps the version of each file it replaces, as `put` does (Spec/vault.md §10.3).
    @Test func putRecursiveTwiceKeepsTheFirstVersion() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let tree = f.dir.appendingPathComponent("tree")
        try FileManager.default.createDirectory(
            at: tree.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("first\n".utf8).write(to: tree.appendingPathComponent("x.txt"))
        try Data("deep one\n".utf8).write(to: tree.appendingPathComponent("sub/y.txt"))
        try f.ok(["vault", "put", "-r", "tree", "/"] + Self.pass)
        try Data("second\n".utf8).write(to: tree.appendingPathComponent("x.txt"))
        try Data("deep two\n".utf8).write(to: tree.appendingPathComponent("sub/y.txt"))
        try f.ok(["vault", "put", "-r", "tree", "/"] + Self.pass)
        #expect(try versions(f, "/tree/x.txt") == ["v2", "v1"])
        #expect(try versions(f, "/tree/sub/y.txt") == ["v2", "v1"])
        #expect(try f.ok(["vault", "get", "/tree/x.txt", "--version", "1"] + Self.pass) == "first\n")
        #expect(try f.ok(["vault", "get", "/tree/sub/y.txt", "--version", "1"] + Self.pass) == "deep one\n")
        #expect(try f.ok(["vault", "get", "/tree/x.txt"] + Self.pass) == "second\n")
        // --keep-versions with -r: the new version and one earlier.
        try f.ok(["vault", "put", "-r", "tree", "/", "--keep-versions", "2"] + Self.pass)
        #expect(try versions(f, "/tree/x.txt") == ["v3", "v2"])
        let bad = try f.run(["vault", "put", "-r", "tree", "/", "--keep-versions", "0"] + Self.pass)
        #expect(bad.status == 64 && bad.stderr.contains("--keep-versions must be 1 to 16"), "\(bad.stderr)")
        #expect(try f.ok(["vault", "verify"] + Self.pass).contains("2 earlier versions"))
        #expect(try help(f, "put").contains("-r does the same for every file it replaces, and takes --keep-versions"))
    }

    /// A file moved to another folder starts a new history: `mv` says how many versions stayed behind (Spec/vault.md
    /// §4.1); a rename in place keeps them and says nothing.
    @Test func mvToAnotherFolderSaysHowManyVersionsStayBehind() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try put(f, "second\n", "/a.txt")
        try put(f, "third!\n", "/a.txt")
        try f.ok(["vault", "mkdir", "/d"] + Self.pass)
        let renamed = try f.run(["vault", "mv", "/a.txt", "/b.txt"] + Self.pass)
        #expect(renamed.status == 0 && renamed.stderr.isEmpty, "\(renamed.stderr)")
        #expect(try versions(f, "/b.txt").count == 3)
        let moved = try f.run(["vault", "mv", "/b.txt", "/d/"] + Self.pass)
        #expect(moved.status == 0 && moved.stdout.isEmpty, "\(moved.stderr)")
        #expect(
            moved.stderr
                == "coffer: note: 2 earlier versions of /b.txt stayed behind in / as garbage (versions do not move to "
                + "another folder); /d/b.txt starts a new history, and vault gc deletes them\n")
        #expect(try versions(f, "/d/b.txt").count == 1)
        #expect(try f.ok(["vault", "get", "/d/b.txt"] + Self.pass) == "third!\n")
        // A file without earlier versions, and a folder (moved whole, versions below it included): no note.
        try f.ok(["vault", "mkdir", "/e"] + Self.pass)
        let plain = try f.run(["vault", "mv", "/d/b.txt", "/e/"] + Self.pass)
        #expect(plain.status == 0 && plain.stderr.isEmpty, "\(plain.stderr)")
        try put(f, "again\n", "/e/b.txt")
        let folder = try f.run(["vault", "mv", "/e", "/d/"] + Self.pass)
        #expect(folder.status == 0 && folder.stderr.isEmpty, "\(folder.stderr)")
        #expect(try versions(f, "/d/e/b.txt").count == 2)
        // restore --to another folder is a restore and a move: the same note.
        try f.ok(["vault", "rm", "/d/e/b.txt"] + Self.pass)
        let restored = try f.run(["vault", "restore", "/d/e/b.txt", "--to", "/d/b.txt"] + Self.pass)
        #expect(restored.status == 0 && restored.stderr.contains("1 earlier version of /d/e/b.txt"), "\(restored)")
        #expect(try help(f, "mv").contains("not when it moves to another folder"))
        #expect(try f.ok(["vault", "verify"] + Self.pass).contains("ok:"))
    }

    /// get, ls and log of a path whose name (or a folder above it) is in its folder's trash say so, with hints that
    /// work as written (Spec/vault.md §6.4); a path that was never there keeps the plain message.
    @Test func aPathInTheTrashSaysSoWithAHint() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "-p", "/d/e"] + Self.pass)
        try put(f, "deep\n", "/d/e/x.txt")
        try f.ok(["vault", "rm", "/a.txt"] + Self.pass)
        for command in [
            ["get", "/a.txt"], ["log", "/a.txt"], ["get", "/a.txt", "--version", "1"], ["ls", "/a.txt"],
        ] {
            let result = try f.run(["vault"] + command + Self.pass)
            #expect(result.status == 1 && result.stdout.isEmpty, "\(command): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("coffer: /a.txt not found: the file is in the trash of / (removed ") == true)
            #expect(
                lines.dropFirst() == [
                    "hint: list that trash with: coffer vault trash /",
                    "hint: bring it back with: coffer vault restore /a.txt",
                ], "\(command): \(result.stderr)")
        }
        try f.ok(["vault", "rm", "-r", "/d/e"] + Self.pass)
        let folder = try f.run(["vault", "ls", "/d/e"] + Self.pass)
        #expect(folder.stderr.hasPrefix("coffer: /d/e not found: the folder is in the trash of /d"), "\(folder.stderr)")
        let below = try f.run(["vault", "get", "/d/e/x.txt", "-o", "out.txt"] + Self.pass)
        #expect(below.status == 1, "\(below.stderr)")
        #expect(below.stderr.hasPrefix("coffer: /d/e/x.txt not found: the folder /d/e is in the trash of /d"))
        #expect(below.stderr.contains("hint: bring it back with: coffer vault restore /d/e\n"), "\(below.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("out.txt").path))
        let recursive = try f.run(["vault", "get", "-r", "/d/e", "restored"] + Self.pass)
        #expect(recursive.stderr.contains("the folder is in the trash of /d"), "\(recursive.stderr)")
        // The hints, run as written.
        #expect(try f.ok(["vault", "trash", "/d"] + Self.pass).contains("/d/e"))
        try f.ok(["vault", "restore", "/d/e"] + Self.pass)
        #expect(try f.ok(["vault", "get", "/d/e/x.txt"] + Self.pass) == "deep\n")
        // Never there, or a wrong version of a live file: the plain messages.
        let never = try f.run(["vault", "get", "/nope.txt"] + Self.pass)
        #expect(never.status == 1 && never.stderr == "coffer: /nope.txt not found\n", "\(never.stderr)")
        let version = try f.run(["vault", "get", "/d/e/x.txt", "--version", "7"] + Self.pass)
        #expect(version.stderr == "coffer: /d/e/x.txt version 7 not found\n", "\(version.stderr)")
    }
}
