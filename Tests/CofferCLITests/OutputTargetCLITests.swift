// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `-o` onto what is not a plain new file: a character device made with mknod (null-like and full-like), a FIFO
/// with a reader, a symlink to a regular file, an existing file with its mode; each for every command with `-o`
/// that writes content. The node stays what it was, the bytes reach it (a symlink's regular target is replaced all
/// or nothing), and no temporary file is left.
@Suite(.serialized) struct OutputTargetCLITests {
    /// A command with `-o`: its arguments for an output path, and the bytes it writes (nil when they differ from
    /// run to run, as ciphertext does; then `check` verifies them).
    struct Writer {
        let name: String
        let arguments: (String) -> [String]
        let expected: Data?
    }

    static func writers(_ world: MatrixWorld) throws -> [Writer] {
        let plain = try Data(contentsOf: world.dir.appendingPathComponent("plain"))
        let recipient = world.recipient
        let a = MatrixWorld.a
        return [
            Writer(name: "encrypt", arguments: { ["encrypt", "-r", recipient, "-o", $0, "plain"] }, expected: nil),
            Writer(name: "decrypt", arguments: { ["decrypt", "-i", "key.txt", "-o", $0, "c.age"] }, expected: plain),
            Writer(
                name: "link open", arguments: { ["link", "open", "--link-file", "link.txt", "-o", $0, "c.age"] },
                expected: plain),
            Writer(
                name: "vault get", arguments: { a(["vault", "get", "/team/plain.txt", "-o", $0]) }, expected: plain),
            Writer(
                name: "vault export",
                arguments: { a(["vault", "export", "/team/plain.txt", "--to", recipient, "-o", $0]) }, expected: nil),
            Writer(
                name: "vault link open get",
                arguments: {
                    ["vault", "link", "open", "--link-file", "vlink.txt", "--vault", "vault", "get", "/plain.txt"]
                        + ["-o", $0]
                }, expected: plain),
        ]
    }

    /// Ciphertext is checked by decrypting it.
    static func check(_ bytes: Data, _ writer: Writer, in dir: URL) throws -> Bool {
        if let expected = writer.expected { return bytes == expected }
        let file = dir.appendingPathComponent("check.age")
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let decrypted = try CLIHarness.run(CLIHarness.coffer, ["decrypt", "-i", "key.txt", "check.age"], in: dir)
        let plain = try Data(contentsOf: dir.appendingPathComponent("plain"))
        return decrypted.status == 0 && decrypted.stdout == plain
    }

    /// glibc's makedev(3) for small numbers: minor in the low byte, major above it.
    static func device(_ major: UInt64, _ minor: UInt64) -> dev_t { dev_t((major << 8) | minor) }

    static func status(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    @Test func characterDevicesStayDevices() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let out = world.dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(mknod(out.appendingPathComponent("null").path, S_IFCHR | 0o666, Self.device(1, 3)) == 0)
        #expect(mknod(out.appendingPathComponent("full").path, S_IFCHR | 0o666, Self.device(1, 7)) == 0)
        var cases = 0
        for writer in try Self.writers(world) {
            for (device, number, succeeds) in [("null", UInt64(3), true), ("full", 7, false)] {
                let path = "out/\(device)"
                let result = try CLIHarness.run(CLIHarness.coffer, writer.arguments(path), in: world.dir)
                cases += 1
                if succeeds {
                    #expect(result.status == 0, "\(writer.name) -o \(path): \(result.stderr)")
                } else {
                    #expect(result.status == 1, "\(writer.name) -o \(path): \(result.status)")
                    #expect(result.stderr.contains("coffer: ") && result.stderr.contains("ENOSPC"), "\(result.stderr)")
                }
                let info = Self.status(world.dir.appendingPathComponent(path).path)
                #expect(info.map { $0.st_mode & S_IFMT } == S_IFCHR, "\(writer.name): \(path) is no longer a device")
                #expect(info?.st_rdev == Self.device(1, number), "\(writer.name): \(path) has another device number")
            }
            #expect(try CLIHarness.temporaryFiles(in: out).isEmpty, "\(writer.name)")
        }
        print("-o onto character devices: \(cases) cases")
    }

    /// The real `/dev/null`: every writer writes through it and it stays the character device 1:3 (should one ever
    /// replace it, the test puts the device back, so the machine keeps working, and fails).
    @Test func devNullStaysADevice() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        defer {
            if Self.status("/dev/null").map({ $0.st_mode & S_IFMT }) != S_IFCHR {
                unlink("/dev/null")
                _ = mknod("/dev/null", S_IFCHR | 0o666, Self.device(1, 3))
                chmod("/dev/null", 0o666)
            }
        }
        for writer in try Self.writers(world) {
            let result = try CLIHarness.run(CLIHarness.coffer, writer.arguments("/dev/null"), in: world.dir)
            #expect(result.status == 0, "\(writer.name) -o /dev/null: \(result.stderr)")
            let info = Self.status("/dev/null")
            #expect(info.map { $0.st_mode & S_IFMT } == S_IFCHR, "\(writer.name): /dev/null is no longer a device")
            #expect(info?.st_rdev == Self.device(1, 3), "\(writer.name): /dev/null has another device number")
            #expect(info.map { $0.st_mode & 0o777 } == 0o666, "\(writer.name): /dev/null's mode changed")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: "/dev").filter { $0.hasPrefix(".null.") }
        #expect(left.isEmpty, "temporary files beside /dev/null: \(left)")
    }

    /// `vault export FOLDER -o DIR`: each file inside DIR goes through the same output path, so a device already
    /// at a file's name (`plain.txt.age`) is written through and stays a device, never renamed over.
    @Test func aFolderExportWritesThroughADeviceInsideTheDirectory() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        for (number, succeeds) in [(UInt64(3), true), (7, false)] {
            let out = world.dir.appendingPathComponent("export-\(number)")
            let team = out.appendingPathComponent("team")
            try FileManager.default.createDirectory(at: team, withIntermediateDirectories: true)
            let node = team.appendingPathComponent("plain.txt.age").path
            #expect(mknod(node, S_IFCHR | 0o666, Self.device(1, number)) == 0)
            let result = try CLIHarness.run(
                CLIHarness.coffer,
                MatrixWorld.a(["vault", "export", "/team", "--to", world.recipient, "-o", "export-\(number)"]),
                in: world.dir)
            if succeeds {
                #expect(result.status == 0, "\(result.stderr)")
            } else {
                #expect(result.status == 1 && result.stderr.contains("ENOSPC"), "\(result.status) \(result.stderr)")
            }
            let info = Self.status(node)
            #expect(info.map { $0.st_mode & S_IFMT } == S_IFCHR, "\(node) is no longer a device")
            #expect(info?.st_rdev == Self.device(1, number))
            #expect(try CLIHarness.temporaryFiles(in: team).isEmpty)
        }
    }

    @Test func aFIFOWithAReaderGetsExactlyTheBytes() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let out = world.dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let fifo = out.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for writer in try Self.writers(world) {
            let reader = Process()
            reader.executableURL = URL(fileURLWithPath: "/bin/cat")
            reader.arguments = [fifo]
            let pipe = Pipe()
            reader.standardOutput = pipe
            try reader.run()
            let result = try CLIHarness.run(CLIHarness.coffer, writer.arguments("out/fifo"), in: world.dir)
            #expect(result.status == 0, "\(writer.name): \(result.stderr)")
            if reader.isRunning {  // coffer never opened the FIFO: let cat see an end of file
                let unblock = open(fifo, O_WRONLY | O_NONBLOCK)
                if unblock >= 0 { close(unblock) }
            }
            let received = pipe.fileHandleForReading.readDataToEndOfFile()
            reader.waitUntilExit()
            #expect(try Self.check(received, writer, in: world.dir), "\(writer.name): \(received.count) bytes")
            #expect(Self.status(fifo).map { $0.st_mode & S_IFMT } == S_IFIFO, "\(writer.name): not a FIFO any more")
            #expect(try CLIHarness.temporaryFiles(in: out).isEmpty, "\(writer.name)")
        }
    }

    @Test func aSymlinkIsFollowedAndKeptAndAnExistingFileKeepsItsMode() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let out = world.dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let target = out.appendingPathComponent("target")
        let link = out.appendingPathComponent("link")
        let kept = out.appendingPathComponent("kept")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target")
        for writer in try Self.writers(world) {
            try Data("old content".utf8).write(to: target)
            let through = try CLIHarness.run(CLIHarness.coffer, writer.arguments("out/link"), in: world.dir)
            #expect(through.status == 0, "\(writer.name): \(through.stderr)")
            #expect(Self.status(link.path).map { $0.st_mode & S_IFMT } == S_IFLNK, "\(writer.name): link replaced")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "target")
            #expect(try Self.check(try Data(contentsOf: target), writer, in: world.dir), "\(writer.name)")
            for mode: mode_t in [0o600, 0o640] {
                try Data("old content".utf8).write(to: kept)
                #expect(chmod(kept.path, mode) == 0)
                let replaced = try CLIHarness.run(CLIHarness.coffer, writer.arguments("out/kept"), in: world.dir)
                #expect(replaced.status == 0, "\(writer.name): \(replaced.stderr)")
                #expect(try Self.check(try Data(contentsOf: kept), writer, in: world.dir), "\(writer.name)")
                let secret = writer.name.hasPrefix("vault get") || writer.name.hasPrefix("vault link open")
                let expectedMode = secret ? mode & 0o700 : mode
                #expect(Self.status(kept.path).map { $0.st_mode & 0o777 } == expectedMode, "\(writer.name) \(mode)")
            }
            #expect(try CLIHarness.temporaryFiles(in: out).isEmpty, "\(writer.name)")
        }
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let out = world.dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let kept = out.appendingPathComponent("kept")
        try Data("old content".utf8).write(to: kept)
        var damaged = try Data(contentsOf: world.dir.appendingPathComponent("c.age"))
        damaged[damaged.count - 1] ^= 1
        try damaged.write(to: world.dir.appendingPathComponent("bad.age"))
        let result = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out/kept", "bad.age"], in: world.dir)
        #expect(result.status == 1)
        #expect(try Data(contentsOf: kept) == Data("old content".utf8))
        #expect(try CLIHarness.temporaryFiles(in: out).isEmpty)
        // Through a chain of symlinks the regular file at the end is replaced all or nothing too.
        for (name, destination) in [("link", "kept"), ("chain", "link"), ("dangling", "new")] {
            try FileManager.default.createSymbolicLink(
                atPath: out.appendingPathComponent(name).path, withDestinationPath: destination)
        }
        let throughLinks = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out/chain", "bad.age"], in: world.dir)
        #expect(throughLinks.status == 1)
        #expect(try Data(contentsOf: kept) == Data("old content".utf8))
        let good = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out/chain", "c.age"], in: world.dir)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try Data(contentsOf: kept) == (try Data(contentsOf: world.dir.appendingPathComponent("plain"))))
        #expect(Self.status(out.appendingPathComponent("chain").path).map { $0.st_mode & S_IFMT } == S_IFLNK)
        #expect(Self.status(out.appendingPathComponent("link").path).map { $0.st_mode & S_IFMT } == S_IFLNK)
        // A dangling symlink: its target is created, the link stays.
        let created = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out/dangling", "c.age"], in: world.dir)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("new").path))
        #expect(Self.status(out.appendingPathComponent("dangling").path).map { $0.st_mode & S_IFMT } == S_IFLNK)
        #expect(try CLIHarness.temporaryFiles(in: out).isEmpty)
        // A directory, a missing parent and a one-letter name.
        let directory = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out", "c.age"], in: world.dir)
        #expect(directory.status == 1 && directory.stderr.contains("is a directory"), "\(directory.stderr)")
        let missing = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "nowhere/x", "c.age"], in: world.dir)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("coffer: "), "\(missing.stderr)")
        let short = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "m", "c.age"], in: world.dir)
        #expect(short.status == 0, "\(short.stderr)")
        let longest = String(repeating: "n", count: 255)  // NAME_MAX: the temporary name must still fit
        let long = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", longest, "c.age"], in: world.dir)
        #expect(long.status == 0, "\(long.stderr)")
        #expect(FileManager.default.fileExists(atPath: world.dir.appendingPathComponent(longest).path))
    }

    @Test func keygenNeverReplacesWhatExists() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mknod(dir.appendingPathComponent("null").path, S_IFCHR | 0o666, Self.device(1, 3)) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("dangling").path, withDestinationPath: "nothing")
        for name in ["null", "dangling"] {
            let result = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", name], in: dir)
            #expect(result.status == 1 && result.stderr.contains("already exists"), "\(name): \(result.stderr)")
        }
        #expect(Self.status(dir.appendingPathComponent("null").path).map { $0.st_mode & S_IFMT } == S_IFCHR)
        #expect(Self.status(dir.appendingPathComponent("dangling").path).map { $0.st_mode & S_IFMT } == S_IFLNK)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nothing").path))
        let made = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        #expect(made.status == 0)
        #expect(Self.status(dir.appendingPathComponent("key.txt").path).map { $0.st_mode & 0o777 } == 0o600)
        #expect(try CLIHarness.temporaryFiles(in: dir).isEmpty)
    }
}
