// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Every `coffer` subcommand, driven with valid inputs up to its output step, with stdout on a full device and with
/// stdout closed: it never dies by a signal (a Swift trap), and when it had something to print it exits 1 with a
/// `coffer:` message about stdout instead of 0 with nothing written. The subcommands are read from `--help`, so a
/// new one without a case here fails the test.
@Suite(.serialized) struct StdoutFailureMatrixTests {
    /// One subcommand: the arguments of run `i` (0 with stdout on a pipe, 1 on /dev/full, 2 closed; commands that
    /// change state get fresh names in each run) and whether it prints its product on stdout.
    struct Case {
        let command: String
        let printsToStdout: Bool
        let arguments: (Int) -> [String]
    }

    @Test func everySubcommandWithStdoutOnAFullDeviceAndClosed() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let cases = world.cases()
        // `serve` is left out: it writes nothing on stdout (its one line, the address, goes to stderr) and runs
        // until it is stopped; ServeCLITests starts and stops it. So are the `agent` commands: they talk to this
        // user's one agent socket, which AgentCLITests (running beside this suite) starts and stops; `agent status`,
        // the one that prints on stdout, writes it through the same StandardOutput as every command here.
        let leaves = try Self.leafCommands(in: world.dir).filter { $0 != "serve" && !$0.hasPrefix("agent ") }
        #expect(leaves.count >= 30, "\(leaves)")
        #expect(Set(cases.map(\.command)) == Set(leaves), "cases differ from --help: \(leaves)")
        var runs = 0
        for item in cases {
            let baseline = try CLIHarness.run(CLIHarness.coffer, item.arguments(0), in: world.dir)
            #expect(baseline.status == 0, "\(item.command) with stdout on a pipe: \(baseline.stderr)")
            #expect(baseline.stdout.isEmpty != item.printsToStdout, "\(item.command) stdout: \(baseline.stdout.count)")
            for (index, stdout) in [CLIHarness.Stdout.fullDevice, .closed].enumerated() {
                let result = try CLIHarness.run(item.arguments(index + 1), stdout: stdout, in: world.dir)
                runs += 1
                #expect(result.status < 128, "\(item.command), \(stdout): killed by signal \(result.status - 128)")
                #expect(!result.stderr.contains("unexpectedly"), "\(item.command), \(stdout): \(result.stderr)")
                if item.printsToStdout {
                    #expect(result.status == 1, "\(item.command), \(stdout): exit \(result.status)")
                    #expect(
                        result.stderr.contains("coffer: ") && result.stderr.contains("stdout"),
                        "\(item.command), \(stdout): \(result.stderr)")
                } else {
                    #expect(result.status == 0, "\(item.command), \(stdout): \(result.stderr)")
                }
            }
        }
        print("stdout failure matrix: \(cases.count) cases over \(leaves.count) subcommands, \(runs) runs")
    }

    /// A reader that goes away: SIGPIPE is ignored, so the write fails with EPIPE and coffer says so (exit 1)
    /// instead of dying by a signal. The plaintext (70,000 bytes) is larger than a pipe's 64 KiB buffer, so some
    /// write comes after the reader (`true`) exited.
    @Test func aBrokenPipeIsAnErrorNotASignal() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        try CLIHarness.bytes(70_000).write(to: dir.appendingPathComponent("plain"))
        let encrypted = try CLIHarness.run(
            CLIHarness.coffer, ["encrypt", "-r", recipient, "-o", "c.age", "plain"], in: dir)
        #expect(encrypted.status == 0)
        let script = "{ \"$@\"; echo $? > status; } | true"
        let result = try CLIHarness.run(
            "/bin/sh", ["-c", script, "sh", CLIHarness.coffer, "decrypt", "-i", "key.txt", "c.age"], in: dir)
        let status = try String(contentsOf: dir.appendingPathComponent("status"), encoding: .utf8)
        #expect(status == "1\n", "exit \(status): \(result.stderr)")
        #expect(result.stderr.contains("coffer: ") && result.stderr.contains("EPIPE"), "\(result.stderr)")
    }

    /// stdout a non-blocking pipe (O_NONBLOCK set on the shared file description, as some shells and tools leave
    /// it): a full pipe makes write(2) fail with EAGAIN, which coffer waits out with poll(2) instead of failing.
    @Test func aNonBlockingStdoutIsWaitedFor() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let identity = try String(contentsOf: dir.appendingPathComponent("key.txt"), encoding: .utf8)
        let recipient = identity.split(separator: "\n").first { $0.hasPrefix("# public key: ") }!.dropFirst(14)
        let plain = CLIHarness.bytes(300_000)
        try plain.write(to: dir.appendingPathComponent("plain"))
        #expect(
            try CLIHarness.run(
                CLIHarness.coffer, ["encrypt", "-r", String(recipient), "-o", "c.age", "plain"], in: dir
            ).status == 0)
        let driver = """
            import fcntl, os, subprocess, sys, time
            r, w = os.pipe()
            fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
            child = subprocess.Popen(sys.argv[1:], stdout=w)
            os.close(w)
            time.sleep(0.5)
            data = b''
            while True:
                chunk = os.read(r, 4096)
                if not chunk:
                    break
                data += chunk
            sys.stdout.buffer.write(data)
            sys.exit(child.wait())
            """
        try driver.write(to: dir.appendingPathComponent("nonblocking.py"), atomically: true, encoding: .utf8)
        let result = try CLIHarness.run(
            "/usr/bin/python3", ["nonblocking.py", CLIHarness.coffer, "decrypt", "-i", "key.txt", "c.age"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == plain)
    }

    /// The leaf subcommands, e.g. "vault link create", found by walking `--help` from the root.
    static func leafCommands(in directory: URL) throws -> [String] {
        var leaves: [String] = []
        var pending: [[String]] = [[]]
        while let path = pending.popLast() {
            let help = try CLIHarness.run(CLIHarness.coffer, path + ["--help"], in: directory)
            let text = String(decoding: help.stdout, as: UTF8.self)
            guard let start = text.range(of: "SUBCOMMANDS:\n") else {
                leaves.append(path.joined(separator: " "))
                continue
            }
            for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty { break }
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else {
                    continue
                }
                pending.append(path + [String(name)])
            }
        }
        return leaves.sorted()
    }
}
