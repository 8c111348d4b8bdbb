// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Glibc

/// `coffer agent start` without `--foreground`: runs `coffer agent start --foreground --timeout N` in a new session
/// (`posix_spawn`, `POSIX_SPAWN_SETSID`), stdin and stdout on /dev/null, stderr on a pipe. Once it listens, the
/// agent puts /dev/null on its stderr, which ends the pipe with nothing written; an agent that refuses writes its
/// reason there and exits. No secret is in its arguments: it starts empty.
enum AgentSpawn {
    static func start(timeout: AgentDuration, socket: AgentSocketPath) throws -> pid_t {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            throw CLIFailure("cannot start the agent: " + SystemErrorText.describe(errno))
        }
        _ = fcntl(pipeFDs[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
        defer { close(pipeFDs[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
        try closeOthers(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let newSession: Int16 = 0x80  // POSIX_SPAWN_SETSID (glibc ≥ 2.26), not imported into Swift
        // Signals at their defaults and none blocked: the caller's mask (a test runner blocks nearly all) must
        // not reach the agent, whose SIGTERM/SIGINT/SIGHUP wipe the keys.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for stopSignal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&stopSignals, stopSignal) }
        posix_spawnattr_setsigdefault(&attributes, &stopSignals)
        posix_spawnattr_setflags(&attributes, newSession | 0x08 | 0x04)  // | POSIX_SPAWN_SETSIGMASK | SETSIGDEF
        let arguments = ["coffer", "agent", "start", "--foreground", "--detached", "--timeout", "\(timeout.seconds)s"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var environment = ProcessInfo.processInfo.environment
        environment["COFFER_AGENT_SOCK"] = socket.path
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, &argv, &envp)
        close(pipeFDs[1])
        guard spawned == 0 else { throw CLIFailure("cannot start the agent: " + SystemErrorText.describe(spawned)) }
        var said = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 512)
        while said.count < 4096 {
            let got = buffer.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            said += buffer[..<got]
        }
        if !said.isEmpty {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            let text = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let reason = text.hasPrefix("coffer: ") ? String(text.dropFirst(8)) : text
            let lines = reason.split(separator: "\n").map(String.init)
            throw CLIFailure(
                message: lines.first ?? "the agent stopped at once",
                hints: lines.dropFirst().map { $0.hasPrefix("hint: ") ? String($0.dropFirst(6)) : $0 })
        }
        return pid
    }

    /// Every inherited descriptor from 3 up is closed in the agent (`posix_spawn_file_actions_addclosefrom_np`,
    /// glibc ≥ 2.34, looked up by name as Swift does not import it): a descriptor its caller left open, such as
    /// a test runner's pipe, would otherwise stay open for the agent's whole life.
    private static func closeOthers(_ actions: inout posix_spawn_file_actions_t) throws {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { throw CLIFailure("cannot start the agent: this C library cannot close inherited descriptors") }
        guard unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3) == 0 else {
            throw CLIFailure("cannot start the agent: posix_spawn_file_actions_addclosefrom_np failed")
        }
    }
}
