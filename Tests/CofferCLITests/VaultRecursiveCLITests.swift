// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `vault put -r` and `vault get -r`, and "into" destinations of `vault put`/`get`.
@Suite struct VaultRecursiveCLITests {
    /// A local tree: top files, a nested directory, an empty directory, a symlink and a FIFO (both skipped).
    static func makeTree(_ root: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try Data("alpha".utf8).write(to: root.appendingPathComponent("a.txt"))
        try CLIHarness.bytes(200_000).write(to: root.appendingPathComponent("big.bin"))
        try Data().write(to: root.appendingPathComponent("sub/zero.bin"))
        try Data("deep".utf8).write(to: root.appendingPathComponent("sub/deeper/d.txt"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "a.txt")
        #expect(mkfifo(root.appendingPathComponent("pipe").path, 0o600) == 0)
    }

    static let treeFiles = ["a.txt", "big.bin", "sub/zero.bin", "sub/deeper/d.txt"]

    @Test func putAndGetATreeRoundTripSkippingSymlinksAndSpecialFiles() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try Self.makeTree(s.dir.appendingPathComponent("tree"))
        #expect(try s.run(["vault", "init"]).status == 0)
        let put = try s.run(["vault", "put", "-r", "tree", "/backup"])
        #expect(put.status == 0, "\(put.stderr)")
        // Not a terminal: no progress line, only the two warnings.
        let warnings = put.stderr.split(separator: "\n")
        #expect(warnings.count == 2, "\(put.stderr)")
        #expect(put.stderr.contains("coffer: warning: skipped \"tree/link\": a symlink"))
        #expect(put.stderr.contains("coffer: warning: skipped \"tree/pipe\": not a regular file or directory"))
        let listed = s.out(try s.run(["vault", "ls", "/backup"]))
        #expect(listed.split(separator: "\n").count == 4, "a.txt big.bin empty sub: \(listed)")
        #expect(try s.run(["vault", "verify"]).status == 0)

        let get = try s.run(["vault", "get", "-r", "/backup", "restored"])
        #expect(get.status == 0 && get.stderr.isEmpty, "\(get.stderr)")
        for file in Self.treeFiles {
            let original = try Data(contentsOf: s.dir.appendingPathComponent("tree/\(file)"))
            #expect(try Data(contentsOf: s.dir.appendingPathComponent("restored/\(file)")) == original, "\(file)")
        }
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(
                atPath: s.dir.appendingPathComponent("restored/empty").path,
                isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("restored/link").path))

        // An existing local file is refused unless --force (restored exists: into it, restored/backup).
        #expect(try s.run(["vault", "get", "-r", "/backup", "restored"]).status == 0)
        let refused = try s.run(["vault", "get", "-r", "/backup", "restored"])
        #expect(refused.status != 0 && refused.stderr.contains("already exists"), "\(refused.stderr)")
        #expect(try s.run(["vault", "get", "-r", "--force", "/backup", "restored"]).status == 0)
        // Into an existing directory (or one ending in /): the folder keeps its name, as with cp.
        #expect(try s.run(["vault", "get", "-r", "/backup/sub", "restored/"]).status != 0, "restored/sub exists")
        #expect(try s.run(["vault", "get", "-r", "/backup/sub", "other/"]).status == 0)
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("other/sub/deeper/d.txt")) == Data("deep".utf8))
    }

    /// A `put -r` that stops half-way (here: the vault holds a file where the tree has a directory) leaves every
    /// folder readable and `verify` passing, with the folders committed so far; once the obstacle is gone, running
    /// it again completes it.
    @Test func anInterruptedPutRLeavesAReadableVaultAndARerunCompletesIt() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try Self.makeTree(s.dir.appendingPathComponent("tree"))
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/backup"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/backup/tree"]).status == 0)
        try Data("in the way".utf8).write(to: s.dir.appendingPathComponent("obstacle"))
        #expect(try s.run(["vault", "put", "obstacle", "/backup/tree/sub"]).status == 0)
        // Into /backup/ means /backup/tree: its files and `empty` are committed, then `sub` is a file.
        let stopped = try s.run(["vault", "put", "-r", "tree", "/backup/"])
        #expect(stopped.status != 0)
        #expect(stopped.stderr.contains("/backup/tree/sub"), "\(stopped.stderr)")
        #expect(try s.run(["vault", "verify"]).status == 0)
        #expect(s.out(try s.run(["vault", "get", "/backup/tree/a.txt"])) == "alpha", "the top folder was committed")
        #expect(s.out(try s.run(["vault", "get", "/backup/tree/sub"])) == "in the way")
        #expect(try s.run(["vault", "rm", "/backup/tree/sub"]).status == 0)
        let again = try s.run(["vault", "put", "-r", "tree", "/backup/"])
        #expect(again.status == 0, "\(again.stderr)")
        for file in Self.treeFiles {
            let original = try Data(contentsOf: s.dir.appendingPathComponent("tree/\(file)"))
            #expect(Data(try s.run(["vault", "get", "/backup/tree/\(file)"]).stdout) == original, "\(file)")
        }
        #expect(try s.run(["vault", "verify"]).status == 0)
    }

    @Test func aTrailingSlashOrAFolderMeansInto() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try Data("notes".utf8).write(to: s.dir.appendingPathComponent("notes.txt"))
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(try s.run(["vault", "put", "notes.txt", "/team/"]).status == 0)
        #expect(try s.run(["vault", "put", "notes.txt", "/"]).status == 0)
        #expect(s.out(try s.run(["vault", "get", "/team/notes.txt"])) == "notes")
        #expect(s.out(try s.run(["vault", "get", "/notes.txt"])) == "notes")
        // An existing folder without the slash means the same.
        try Data("v2".utf8).write(to: s.dir.appendingPathComponent("notes.txt"))
        #expect(try s.run(["vault", "put", "notes.txt", "/team"]).status == 0)
        #expect(s.out(try s.run(["vault", "get", "/team/notes.txt"])) == "v2")
        // stdin has no name to put into a folder.
        let piped = try s.run(["vault", "put", "-", "/team/"])
        #expect(piped.status != 0 && piped.stderr.contains("is a folder"), "\(piped.stderr)")
        // get -o into a directory keeps the vault name.
        try FileManager.default.createDirectory(
            at: s.dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        #expect(try s.run(["vault", "get", "/team/notes.txt", "-o", "out"]).status == 0)
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("out/notes.txt")) == Data("v2".utf8))
    }
}
