// SPDX-License-Identifier: MIT
// Every file option of every command given a directory, a FIFO with an endless writer and an endless
// device (/dev/zero) fails cleanly — exit 1, one `coffer:` message naming the option's kind, nothing on stdout —
// in bounded memory (the child's peak RSS, measured by /usr/bin/time). A pipe (`<(…)`) and `-` still work.
import Foundation
import Testing

@Suite("CLI file options: directory, FIFO, endless input", .serialized)
struct FileOptionInputTests {
    /// One file option: the command line with `FILE` where the option's value goes, and its kind's name.
    struct Case: CustomStringConvertible {
        let arguments: [String]
        let kind: String
        var description: String { arguments.joined(separator: " ") }
    }

    static func cases(_ f: CLIFixture) -> [Case] {
        let fp = ["--fingerprint", f.fingerprint]
        let lookup = String(f.link.split(separator: "#")[0].split(separator: "/").last ?? "")
        return [
            Case(arguments: ["encrypt", "--passphrase-file", "FILE", "plain"], kind: "passphrase file"),
            Case(arguments: ["encrypt", "-R", "FILE", "plain"], kind: "recipients file"),
            Case(arguments: ["decrypt", "-i", "FILE", "c.age"], kind: "identity file"),
            Case(arguments: ["decrypt", "--passphrase-file", "FILE", "c.age"], kind: "passphrase file"),
            Case(arguments: ["link", "create", "-i", "FILE", "f.age"], kind: "identity file"),
            Case(
                arguments: ["link", "create", "-i", "key.txt", "--password-file", "FILE", "f.age"],
                kind: "password file"),
            Case(arguments: ["link", "revoke", "-i", "FILE", "--", lookup, "f.age"], kind: "identity file"),
            Case(arguments: ["link", "open", "--link-file", "FILE", "f.age"], kind: "link file"),
            Case(
                arguments: ["link", "open", "--link-file", "link.txt", "--password-file", "FILE", "f.age"],
                kind: "password file"),
            Case(arguments: ["account", "create", "--passphrase-file", "FILE"], kind: "passphrase file"),
            Case(arguments: ["account", "unlock", "--passphrase-file", "FILE"], kind: "passphrase file"),
            Case(arguments: ["account", "show", "--passphrase-file", "FILE"], kind: "passphrase file"),
            Case(
                arguments: ["account", "passwd", "--passphrase-file", "FILE", "--new-passphrase-file", "p1"],
                kind: "passphrase file"),
            Case(
                arguments: ["account", "passwd", "--passphrase-file", "p1", "--new-passphrase-file", "FILE"],
                kind: "new passphrase file"),
            Case(
                arguments: ["account", "recover", "--recovery-key-file", "FILE", "--new-passphrase-file", "p1"],
                kind: "recovery key file"),
            Case(
                arguments: ["account", "recover", "--recovery-key-file", "rk", "--new-passphrase-file", "FILE"],
                kind: "new passphrase file"),
            Case(arguments: ["vault", "ls", "--passphrase-file", "FILE"], kind: "passphrase file"),
            Case(
                arguments: ["vault", "link", "create", "/", "--password-file", "FILE", "--passphrase-file", "p1"],
                kind: "password file"),
            Case(arguments: ["vault", "link", "open", "--link-file", "FILE"], kind: "link file"),
            Case(
                arguments: ["vault", "link", "open", "--link-file", "link.txt", "--password-file", "FILE"],
                kind: "password file"),
            Case(arguments: ["contact", "add", "bob", "--bundle-file", "FILE"], kind: "bundle file"),
            Case(arguments: ["contact", "verify", "bob", "--bundle-file", "FILE"] + fp, kind: "bundle file"),
        ]
    }

    /// Runs `coffer` under `/usr/bin/time` and returns the result and the child's peak RSS in KiB.
    static func measured(_ f: CLIFixture, _ arguments: [String], device: String) throws -> (CLIHarness.Result, Int) {
        let rss = f.path("rss-\(UUID().uuidString)")
        let result = try CLIHarness.run(
            "/usr/bin/env",
            f.environment(device) + ["/usr/bin/time", "-f", "%M", "-o", rss, CLIHarness.coffer] + arguments, in: f.dir)
        let text = (try? String(contentsOfFile: rss, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: rss)
        return (result, Int(text.split(separator: "\n").last.map(String.init) ?? "") ?? Int.max)
    }

    /// 80 MiB: the running binary needs about 25; the old reader reached gigabytes within seconds.
    static let rssBoundKiB = 80 << 10

    @Test("every file option refuses a directory, a device and an endless FIFO, in bounded memory")
    func matrix() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try FileManager.default.createDirectory(atPath: f.path("folder"), withIntermediateDirectories: true)
        let fresh = f.path("fresh-device")  // account show reads its passphrase only on a device that never unlocked
        var count = 0
        for testCase in Self.cases(f) {
            let device = testCase.arguments.starts(with: ["account", "show"]) ? fresh : f.device
            let bad: [(value: String, message: String)] = [
                ("folder", "coffer: \(testCase.kind) \"folder\" is a directory\n"),
                ("/dev/zero", "coffer: \(testCase.kind) \"/dev/zero\" is a device, not a file\n"),
                ("fifo", "coffer: \(testCase.kind) \"fifo\" is too large (more than "),
            ]
            for (value, message) in bad {
                let writer = value == "fifo" ? try CLIFixture.endlessWriter(fifo: f.path("fifo")) : nil
                defer {
                    writer?.terminate()
                    writer?.waitUntilExit()
                    unlink(f.path("fifo"))
                }
                let arguments = testCase.arguments.map { $0 == "FILE" ? value : $0 }
                let start = Date()
                let (result, rss) = try Self.measured(f, arguments, device: device)
                #expect(result.status == 1, "\(arguments): exit \(result.status) \(result.stderr)")
                #expect(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout.count) bytes on stdout")
                #expect(rss < Self.rssBoundKiB, "\(arguments): peak RSS \(rss) KiB")
                #expect(Date().timeIntervalSince(start) < 10, "\(arguments)")
                count += 1
            }
        }
        print("FileOptionInputTests.matrix: \(count) cases")
        #expect(count == 3 * Self.cases(f).count)
    }

    @Test("a pipe as <(…) and - (stdin) still work; two readers of stdin are a usage error")
    func pipesStillWork() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let script = """
            exec "$0" encrypt --passphrase-file <(printf 'piped secret\\n') -o p.age plain
            """
        let encrypted = try CLIHarness.run("/bin/bash", ["-c", script, CLIHarness.coffer], in: f.dir)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let decrypted = try f.run(["decrypt", "--passphrase-file", "-", "p.age"], stdin: Data("piped secret\n".utf8))
        #expect(decrypted.status == 0, "\(decrypted.stderr)")
        #expect(decrypted.stdout == Data("hello\n".utf8))
        let key = try Data(contentsOf: URL(fileURLWithPath: f.path("key.txt")))
        let identity = try f.run(["decrypt", "-i", "-", "c.age"], stdin: key)
        #expect(identity.stdout == Data("hello\n".utf8), "\(identity.stderr)")
        let both = try f.run(["decrypt", "--passphrase-file", "-"], stdin: Data("piped secret\n".utf8))
        #expect(both.status == 64)
        let expected = "Error: --passphrase-file and the input both want stdin (-): only one of them can read it\n"
        #expect(both.stderr.hasPrefix(expected), "\(both.stderr)")
        let put = try f.run(["vault", "put", "-", "/x", "--passphrase-file", "-"])
        #expect(put.status == 64)
        #expect(put.stderr.contains("--passphrase-file and the input both want stdin"), "\(put.stderr)")
        print("FileOptionInputTests.pipesStillWork: 5 cases")
    }
}
