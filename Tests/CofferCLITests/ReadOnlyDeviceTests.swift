// SPDX-License-Identifier: MIT
// Commands that change nothing work with a read-only device directory. Tests run as root, for whom
// permission bits mean nothing, so each command runs in a private mount namespace (`unshare -m`) where the device
// directory is bind-mounted read-only onto itself: any write there fails with EROFS. Where `unshare` or `mount`
// is not allowed, the same commands run on the plain directory and only the second check remains: the device
// directory's names, sizes, contents and mtimes are the same after each command.
import Foundation
import Testing

@Suite("read-only commands on a read-only device directory", .serialized)
struct ReadOnlyDeviceTests {
    /// The directory's entries with size, mtime (ns) and a digest of the contents.
    static func snapshot(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { name in
            var info = stat()
            _ = stat(path + "/" + name, &info)
            let data = (try? Data(contentsOf: URL(fileURLWithPath: path + "/" + name))) ?? Data()
            let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            return "\(name) \(info.st_size) \(mtime) \(data.hashValue)"
        }
    }

    /// Run by `sh -c` with the directory as `$0`: bind-mounts it read-only onto itself.
    static let mountReadOnly = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" \"$0\""

    /// `unshare -m` with a read-only bind mount of `directory` works here.
    static func readOnlyMountWorks(_ directory: String) throws -> Bool {
        let probe = try CLIHarness.run(
            "/usr/bin/unshare",
            ["-m", "sh", "-c", Self.mountReadOnly + " && ! touch \"$0/x\" 2>/dev/null", directory],
            in: URL(fileURLWithPath: directory))
        return probe.status == 0 && !FileManager.default.fileExists(atPath: directory + "/x")
    }

    @Test("vault ls/get/verify/export, account show/unlock, contact list, vault link list/open change nothing")
    func readOnlyCommands() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "/team", "--passphrase-file", "p1"])
        try f.ok(["vault", "put", "plain", "/team/b.txt", "--passphrase-file", "p1"])
        let link = try f.ok(["vault", "link", "create", "/team", "--passphrase-file", "p1"])
        try Data(link.utf8).write(to: URL(fileURLWithPath: f.path("vlink.txt")))
        try f.ok(["contact", "add", "me", "--bundle-file", "bundle.txt"])
        let pass = ["--passphrase-file", "p1"]
        let commands: [[String]] = [
            ["vault", "ls", "/"] + pass, ["vault", "ls", "-l", "/"] + pass, ["vault", "get", "/a.txt"] + pass,
            ["vault", "verify", "/"] + pass, ["vault", "export", "/a.txt", "--to", f.recipient] + pass,
            ["vault", "link", "list"] + pass, ["vault", "link", "open", "--link-file", "vlink.txt", "ls"],
            ["account", "show"], ["account", "unlock"] + pass, ["contact", "list"],
            ["link", "open", "--link-file", "link.txt", "--password-file", "lp", "f.age"],
        ]
        let readOnly = try Self.readOnlyMountWorks(f.device)
        print("ReadOnlyDeviceTests: read-only bind mount \(readOnly ? "in use" : "not available, snapshots only")")
        let before = try Self.snapshot(f.device)
        for arguments in commands {
            let wrapped =
                readOnly
                ? [
                    "/usr/bin/unshare", "-m", "sh", "-c", Self.mountReadOnly + " && exec \"$@\"", f.device,
                    CLIHarness.coffer,
                ] + arguments
                : [CLIHarness.coffer] + arguments
            let result = try CLIHarness.run("/usr/bin/env", f.environment() + wrapped, in: f.dir)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.isEmpty || arguments[1] == "verify", "\(arguments)")
            #expect(try Self.snapshot(f.device) == before, "\(arguments) changed the device directory")
        }
        // The check can fail: a command that does write (vault mkdir) is refused on the read-only mount.
        if readOnly {
            let writing = try CLIHarness.run(
                "/usr/bin/env",
                f.environment()
                    + [
                        "/usr/bin/unshare", "-m", "sh", "-c", Self.mountReadOnly + " && exec \"$@\"", f.device,
                        CLIHarness.coffer, "vault", "mkdir", "/new",
                    ] + pass, in: f.dir)
            #expect(writing.status == 1)
            #expect(writing.stderr.contains("read-only file system (EROFS)"), "\(writing.stderr)")
        }
        print("ReadOnlyDeviceTests.readOnlyCommands: \(commands.count) commands")
    }
}
