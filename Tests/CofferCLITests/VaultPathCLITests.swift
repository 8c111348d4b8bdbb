// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `vault mkdir -p`, `vault rm` (-r for a folder with anything in it) and `vault mv` onto a folder, as the shell's
/// mkdir, rm and mv behave.
@Suite(.serialized) struct VaultPathCLITests {
    static let pass = ["--passphrase-file", "p1"]

    func names(_ f: CLIFixture, _ folder: String) throws -> [String] {
        try f.ok(["vault", "ls", folder] + Self.pass).split(separator: "\n").map {
            String($0.split(separator: "\t")[3])
        }
    }

    @Test func mkdirParentsMakesTheWholePathAndKeepsWhatExists() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let without = try f.run(["vault", "mkdir", "/x/y/z"] + Self.pass)
        #expect(without.status == 1 && without.stderr.contains("not found"), "\(without.stderr)")
        let made = try f.run(["vault", "mkdir", "-p", "/x/y/z"] + Self.pass)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("created /x\n") && made.stderr.contains("created /x/y/z\n"), "\(made.stderr)")
        #expect(try names(f, "/x/y") == ["z"])
        // Again: nothing to do, no error (as mkdir -p); a file on the way is refused.
        let again = try f.run(["vault", "mkdir", "-p", "/x/y/z"] + Self.pass)
        #expect(again.status == 0 && !again.stderr.contains("created"), "\(again.stderr)")
        let throughFile = try f.run(["vault", "mkdir", "-p", "/a.txt/sub"] + Self.pass)
        #expect(throughFile.status == 1 && throughFile.stderr.contains("/a.txt is not a folder"))
        let plain = try f.run(["vault", "mkdir", "/x"] + Self.pass)
        #expect(plain.status == 1 && plain.stderr.contains("already exists"), "\(plain.stderr)")
    }

    @Test func rmOfAFolderWithAnythingInItNeedsRecursive() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "-p", "/t/inner"] + Self.pass)
        try f.ok(["vault", "put", "plain", "/t/inner/f.txt"] + Self.pass)
        let refused = try f.run(["vault", "rm", "/t"] + Self.pass)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("coffer: /t is a folder that is not empty; nothing was removed\n"))
        #expect(
            refused.stderr.contains("hint: to move it to the trash with everything below it: coffer vault rm -r /t"))
        #expect(try f.ok(["vault", "get", "/t/inner/f.txt"] + Self.pass) == "hello\n")
        // An empty folder and a file go without -r; a tree with -r (or --recursive).
        try f.ok(["vault", "mkdir", "/empty"] + Self.pass)
        try f.ok(["vault", "rm", "/empty"] + Self.pass)
        try f.ok(["vault", "rm", "/a.txt"] + Self.pass)
        try f.ok(["vault", "rm", "-r", "/t"] + Self.pass)
        #expect(try f.ok(["vault", "ls", "/"] + Self.pass).isEmpty)
        try f.ok(["vault", "mkdir", "-p", "/u/v"] + Self.pass)
        try f.ok(["vault", "rm", "--recursive", "/u"] + Self.pass)
        #expect(try f.ok(["vault", "trash", "empty"] + Self.pass) == "deleted 4 trash entries\n")
        #expect(try f.ok(["vault", "verify", "/"] + Self.pass).contains(" 0 files"))
    }

    @Test func mvOntoAFolderOrWithATrailingSlashMovesInto() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "/team"] + Self.pass)
        try f.ok(["vault", "mv", "/a.txt", "/team/"] + Self.pass)
        #expect(try names(f, "/team") == ["a.txt"])
        try f.ok(["vault", "mkdir", "/archive"] + Self.pass)
        try f.ok(["vault", "mv", "/team", "/archive"] + Self.pass)  // an existing folder: into it
        #expect(try names(f, "/archive") == ["team"])
        #expect(try f.ok(["vault", "get", "/archive/team/a.txt"] + Self.pass) == "hello\n")
        // A trailing slash onto a missing folder is an error, not a rename.
        let missing = try f.run(["vault", "mv", "/archive/team/a.txt", "/nowhere/"] + Self.pass)
        #expect(missing.status == 1 && missing.stderr.contains("/nowhere not found"), "\(missing.stderr)")
        // Without a slash onto a new name: a rename, as before.
        try f.ok(["vault", "mv", "/archive/team/a.txt", "/archive/team/b.txt"] + Self.pass)
        #expect(try names(f, "/archive/team") == ["b.txt"])
        let onto = try f.run(["vault", "mv", "/archive/team/b.txt", "/archive/team/b.txt/"] + Self.pass)
        #expect(onto.status == 1 && onto.stderr.contains("is not a folder"), "\(onto.stderr)")
    }
}
