// SPDX-License-Identifier: MIT
// `coffer agent` (Spec/agent.md): vault commands need no passphrase while it holds the account, it writes
// nothing to disk but its socket, another user cannot talk to it, and its keys are gone after the time-out, after
// `agent stop` and after SIGTERM. Each test runs its own agent on its own socket.
import Foundation
import Testing

@Suite(.serialized) struct AgentCLITests {
    /// The fallback's failure without a terminal or --passphrase-file: the account was not unlocked.
    static let asked = "no terminal to ask for a passphrase"

    @Test func vaultCommandsNeedNoPassphraseWhileTheAgentHoldsTheAccount() throws {
        let world = try AgentWorld.make()
        // Before the agent: the same command has no passphrase source and fails (so the test can fail).
        let before = try world.run(["vault", "ls", "/"])
        #expect(before.status == 1 && before.stderr.contains(Self.asked), "\(before.stderr)")
        let pid = try world.start()
        defer { world.cleanUp(pid) }
        // Running but empty: still asks.
        let empty = try world.run(["vault", "ls", "/"])
        #expect(empty.status == 1 && empty.stderr.contains(Self.asked), "\(empty.stderr)")
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        let status = try world.ok(["agent", "status"])
        #expect(status.contains("account \(world.accountID)"), "\(status)")
        #expect(status.contains("socket \(world.socket)"), "\(status)")
        // No --passphrase-file, stdin empty and closed, no terminal: reads, writes and a link all work.
        #expect(try world.ok(["vault", "ls", "/"]).contains("a.txt"))
        try world.ok(["vault", "put", "plain", "/b.txt"])
        #expect(try world.ok(["vault", "get", "/b.txt"]) == "hello\n")
        try world.ok(["vault", "mkdir", "/docs"])
        let link = try world.ok(["vault", "link", "create", "/docs"])
        #expect(link.contains("#"), "\(link)")
        let links = try world.ok(["vault", "link", "list"])
        #expect(links.split(separator: "\n").count == 1, "\(links)")
        // A wrong --passphrase-file is not even read: the agent's key is used.
        try Data("wrong\n".utf8).write(to: world.dir.appendingPathComponent("wrong"))
        try world.ok(["vault", "ls", "/", "--passphrase-file", "wrong"])
    }

    @Test func theAgentWritesNothingToDiskButItsSocket() throws {
        let world = try AgentWorld.make()
        try world.ok(["vault", "ls", "/", "--passphrase-file", "p1"])
        let before = world.snapshot()
        let pid = try world.start()
        defer { world.cleanUp(pid) }
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        try world.ok(["vault", "ls", "/"])
        try world.ok(["vault", "get", "/a.txt"])
        let after = world.snapshot()
        let added = Set(after.keys).subtracting(before.keys)
        #expect(added == [world.runtime + "/coffer", world.socket], "\(added.sorted())")
        #expect(Set(before.keys).subtracting(after.keys).isEmpty)
        for (path, content) in before where after[path] != content { Issue.record("\(path) changed") }
        #expect(after[world.socket] == Data("socket".utf8))
        var info = stat()
        #expect(stat(world.runtime + "/coffer", &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(world.socket, &info) == 0 && info.st_mode & 0o777 == 0o600)
        // Nothing in its arguments but the time-out; its key pages are locked (VmLck) and the process not dumpable.
        let arguments = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
            .split(separator: "\0").map(String.init)
        #expect(arguments.dropFirst() == ["agent", "start", "--foreground", "--detached", "--timeout", "300s"])
        let procStatus = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let locked = procStatus.split(separator: "\n").first { $0.hasPrefix("VmLck:") } ?? ""
        #expect(locked.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0 > 0, "\(locked)")
    }

    @Test(
        .enabled(if: AgentWorld.canSwitchUser, "needs root, python3, and setpriv or runuser to run a client as nobody"))
    func anotherUserCannotConnect() throws {
        let world = try AgentWorld.make()
        let pid = try world.start()
        defer { world.cleanUp(pid) }
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        // The test's scratch directory is world-readable (0755), the agent's directory is not.
        let sock = ["COFFER_AGENT_SOCK=\(world.socket)"]
        let blocked = try world.run(["agent", "status"], extra: sock, as: "nobody")
        #expect(blocked.status == 1, "\(blocked.stderr)")
        #expect(!blocked.stderr.contains("time-left") && blocked.stdout.isEmpty, "\(blocked.stderr)")
        // Even with the directory and socket opened to everyone, the agent checks the peer's uid (SO_PEERCRED) and
        // answers nobody's connection with error 5 (another user) before any request, and nothing else.
        chmod(world.runtime, 0o755)
        chmod(world.runtime + "/coffer", 0o755)
        chmod(world.socket, 0o666)
        let raw = try CLIHarness.run(
            "/usr/bin/env",
            AgentWorld.switchUser(to: "nobody") + ["/usr/bin/python3", "-c", Self.rawStatus, world.socket],
            in: world.dir)
        #expect(String(decoding: raw.stdout, as: UTF8.self) == "00000003018105\n", "\(raw.stderr)")
        // And coffer as nobody checks the listener's uid before it sends anything: root's agent is not its own.
        let refused = try world.run(["agent", "status"], extra: sock, as: "nobody")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("served by another user (uid 0)"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        // Its own uid still gets an answer.
        #expect(try world.ok(["agent", "status"]).contains(world.accountID))
    }

    @Test(
        .enabled(if: AgentWorld.canSwitchUser, "needs root, python3, and setpriv or runuser to run an agent as nobody"))
    func aSocketOfAnotherUserGetsNoKey() throws {
        let world = try AgentWorld.make()
        // nobody's agent, in nobody's own directory, where this user's commands are pointed.
        let planted = world.path("planted")
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: false)
        chown(planted, 65534, 65534)
        chmod(planted, 0o700)
        let sock = ["COFFER_AGENT_SOCK=\(planted)/agent.sock"]
        let started = try world.run(["agent", "start", "--timeout", "60s"], extra: sock, as: "nobody")
        #expect(started.status == 0, "\(started.stderr)")
        defer { _ = try? world.run(["agent", "stop"], extra: sock, as: "nobody") }
        // The agent made itself non-dumpable (PR_SET_DUMPABLE 0): the kernel then gives its /proc files to root,
        // so nobody's other processes cannot ptrace it or read /proc/PID/mem or environ.
        let words = started.stderr.split(separator: " ")
        if let index = words.firstIndex(of: "agent"), index + 1 < words.count, let pid = Int32(words[index + 1]) {
            var info = stat()
            #expect(stat("/proc/\(pid)/environ", &info) == 0 && info.st_uid == 0, "owner \(info.st_uid)")
        } else {
            Issue.record("no pid in \(started.stderr)")
        }
        // agent add refuses to hand the key over; a vault command warns, ignores it and uses the passphrase.
        let add = try world.run(["agent", "add", "--passphrase-file", "p1"], extra: sock)
        #expect(add.status == 1 && add.stderr.contains("served by another user (uid 65534)"), "\(add.stderr)")
        let ls = try world.run(["vault", "ls", "/", "--passphrase-file", "p1"], extra: sock)
        #expect(ls.status == 0 && ls.stderr.contains("another user (uid 65534) serves it"), "\(ls.stderr)")
        let status = try world.run(["agent", "status"], extra: sock, as: "nobody")
        #expect(status.status == 0 && !status.stdout.isEmpty, "\(status.stderr)")
        #expect(!String(decoding: status.stdout, as: UTF8.self).contains("account"))
    }

    /// Connects over a raw socket (python3) and prints, in hex, what the agent says before any request.
    static let rawStatus = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX)
        s.connect(sys.argv[1])
        answer = b''
        while True:
            chunk = s.recv(256)
            if not chunk:
                break
            answer += chunk
        print(answer.hex())
        """

    @Test func theKeysAreGoneAfterTheTimeout() throws {
        let world = try AgentWorld.make()
        let pid = try world.start(timeout: "4s")
        defer { world.cleanUp(pid) }
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        #expect(try world.run(["vault", "ls", "/"]).status == 0)
        #expect(AgentWorld.wait(seconds: 15) { !AgentWorld.isAlive(pid) }, "the agent outlived its time-out")
        #expect(!FileManager.default.fileExists(atPath: world.socket))
        let after = try world.run(["vault", "ls", "/"])
        #expect(after.status == 1 && after.stderr.contains(Self.asked), "\(after.stderr)")
        let status = try world.run(["agent", "status"])
        #expect(status.status == 1 && status.stderr.contains("no agent is running"), "\(status.stderr)")
    }

    @Test func theKeysAreGoneAfterStopAndAfterSIGTERM() throws {
        let world = try AgentWorld.make()
        var pid = try world.start()
        defer { world.cleanUp(pid) }
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        try world.ok(["vault", "ls", "/"])
        try world.ok(["agent", "stop"])
        #expect(AgentWorld.wait(seconds: 10) { !AgentWorld.isAlive(pid) })
        #expect(!FileManager.default.fileExists(atPath: world.socket))
        let afterStop = try world.run(["vault", "ls", "/"])
        #expect(afterStop.status == 1 && afterStop.stderr.contains(Self.asked), "\(afterStop.stderr)")
        let stopAgain = try world.run(["agent", "stop"])
        #expect(stopAgain.status == 1 && stopAgain.stderr.contains("no agent is running"))

        pid = try world.start()
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        kill(pid, SIGTERM)
        #expect(AgentWorld.wait(seconds: 10) { !AgentWorld.isAlive(pid) })
        #expect(!FileManager.default.fileExists(atPath: world.socket))
        let afterTerm = try world.run(["vault", "ls", "/"])
        #expect(afterTerm.status == 1 && afterTerm.stderr.contains(Self.asked), "\(afterTerm.stderr)")
    }

    @Test func aSecondStartIsRefusedAndAStaleSocketDoesNotBlock() throws {
        let world = try AgentWorld.make()
        let first = try world.start()
        defer { world.cleanUp(first) }
        let second = try world.run(["agent", "start"])
        #expect(second.status == 1 && second.stderr.contains("an agent is already running"), "\(second.stderr)")
        let foreground = try world.run(["agent", "start", "--foreground"])
        #expect(foreground.status == 1 && foreground.stderr.contains("an agent is already running"))
        #expect(AgentWorld.isAlive(first))
        // Killed without a chance to clean up: the socket file stays, and must not block the next start.
        kill(first, SIGKILL)
        #expect(AgentWorld.wait(seconds: 10) { !AgentWorld.isAlive(first) })
        #expect(FileManager.default.fileExists(atPath: world.socket))
        let next = try world.start()
        defer { world.cleanUp(next) }
        #expect(next != first)
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        try world.ok(["vault", "ls", "/"])
    }

    @Test func badMessagesAreRefusedWithTheirCode() throws {
        let world = try AgentWorld.make()
        let pid = try world.start()
        defer { world.cleanUp(pid) }
        // Another protocol version: code 1, nothing past the version byte is read.
        #expect(try AgentWire.exchange(world.socket, [0, 0, 0, 2, 2, 1]) == [0, 0, 0, 3, 1, 0x81, 1])
        // A length beyond 1024: code 2 (malformed), answered before reading a body.
        #expect(try AgentWire.exchange(world.socket, [0, 0, 0x10, 0, 1, 1]) == [0, 0, 0, 3, 1, 0x81, 2])
        // An unknown type: code 3.
        #expect(try AgentWire.exchange(world.socket, [0, 0, 0, 2, 1, 0x7F]) == [0, 0, 0, 3, 1, 0x81, 3])
        // A get for an account it does not hold: code 4.
        #expect(
            try AgentWire.exchange(world.socket, [0, 0, 0, 18, 1, 3] + [UInt8](repeating: 7, count: 16))
                == [0, 0, 0, 3, 1, 0x81, 4])
        // An add of the wrong length: code 2.
        #expect(try AgentWire.exchange(world.socket, [0, 0, 0, 4, 1, 2, 0, 0]) == [0, 0, 0, 3, 1, 0x81, 2])
        // Status of an empty agent: time left (4 bytes) and zero accounts.
        let status = try AgentWire.exchange(world.socket, [0, 0, 0, 2, 1, 1])
        #expect(status.count == 11 && status[..<6] == [0, 0, 0, 7, 1, 0x80] && status[10] == 0, "\(status)")
        // After all that it still serves.
        try world.ok(["agent", "add", "--passphrase-file", "p1"])
        try world.ok(["vault", "ls", "/"])
    }

    @Test func helpTeachesTheAgent() throws {
        let world = try AgentWorld.make()
        let help = String(decoding: try world.run(["agent", "--help"]).stdout, as: UTF8.self)
        for word in ["coffer agent start", "coffer agent add", "SO_PEERCRED", "--timeout", "$COFFER_AGENT_SOCK"] {
            #expect(help.contains(word), "\(word)")
        }
        let usage = try world.run(["agent", "start", "--timeout", "25h"])
        #expect(usage.status == 64, "\(usage.stderr)")
    }
}

/// A raw client for the protocol tests: sends bytes, reads the answer until the agent closes.
enum AgentWire {
    static func exchange(_ path: String, _ bytes: [UInt8]) throws -> [UInt8] {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { break }
            answer += buffer[..<got]
        }
        return answer
    }
}
