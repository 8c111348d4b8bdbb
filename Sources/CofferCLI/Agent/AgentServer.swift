// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Dispatch
import Foundation
import Glibc

/// Set by SIGTERM, SIGINT and SIGHUP; the agent's loop sees it within a second (its poll wakes with EINTR).
nonisolated(unsafe) private var agentStopSignal: Int32 = 0

/// The agent process (Spec/agent.md §4): one thread, one request per connection, peers of another uid refused,
/// keys wiped and the socket removed at the time-out, on `stop` and on SIGTERM/SIGINT/SIGHUP.
struct AgentServer {
    let socket: AgentSocketPath
    let timeoutSeconds: UInt32

    private let keys = AgentKeyStore()

    init(socket: AgentSocketPath, timeoutSeconds: UInt32) {
        self.socket = socket
        self.timeoutSeconds = timeoutSeconds
    }

    /// Binds the socket, calls `ready`, and serves until the time-out, `stop` or a signal. Throws only before `ready`.
    func run(ready: () -> Void) throws {
        Self.hardenProcess()
        try socket.checkLength()
        try socket.prepareDirectory()
        let lock = try Self.lockDirectory(socket.directory)
        defer { close(lock) }
        let listener = try bindListener()
        defer { close(listener) }
        var bound = stat()
        _ = lstat(socket.path, &bound)
        defer {
            keys.wipeAll()
            var now = stat()
            if lstat(socket.path, &now) == 0, now.st_ino == bound.st_ino, now.st_dev == bound.st_dev {
                unlink(socket.path)
            }
        }
        ready()
        serve(listener)
    }

    /// No core dumps and no ptrace or /proc/PID/mem by other processes of the same user (`PR_SET_DUMPABLE` 0);
    /// SIGPIPE ignored (a client that hangs up must not end the agent); stop signals caught.
    static func hardenProcess() {
        setNotDumpable()
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        signal(SIGPIPE, SIG_IGN)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for stopSignal in [SIGTERM, SIGINT, SIGHUP] {
            signal(stopSignal) { agentStopSignal = $0 }
            sigaddset(&unblock, stopSignal)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// `prctl(PR_SET_DUMPABLE, 0)`. Swift's Glibc module does not import `prctl` (a variadic GNU call), so it is
    /// looked up by name; every argument is an integer, passed in registers like a fixed-argument call.
    private static func setNotDumpable() {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        let setDumpable: Int32 = 4  // PR_SET_DUMPABLE, <linux/prctl.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
        _ = unsafeBitCast(symbol, to: Prctl.self)(setDumpable, 0, 0, 0, 0)
    }

    /// An exclusive `flock` on the socket's directory, held for the agent's life: a second agent finds it taken;
    /// a killed agent's lock goes with it, so its stale socket never blocks the next start.
    static func lockDirectory(_ directory: String) throws -> Int32 {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIFailure("cannot open the agent's directory: " + SystemErrorText.describe(errno)) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw CLIFailure(
                message: "an agent is already running (\(ErrorPresenter.escaped(AgentSocketPath.resolve().path)))",
                hints: ["coffer agent status shows it; coffer agent stop ends it"])
        }
        return fd
    }

    /// Removes a stale socket (the lock says no agent owns it), binds a new one with mode 0600 and listens.
    private func bindListener() throws -> Int32 {
        var existing = stat()
        if lstat(socket.path, &existing) == 0 {
            guard existing.st_mode & S_IFMT == S_IFSOCK else {
                throw CLIFailure(
                    message: "\(ErrorPresenter.escaped(socket.path)) exists and is not a socket",
                    hints: ["remove it, or set $COFFER_AGENT_SOCK to another path"])
            }
            unlink(socket.path)
        }
        let fd: Int32
        do { fd = try AgentSocket.stream() } catch { throw CLIFailure("cannot make the agent's socket") }
        var address = AgentSocket.address(socket.path)
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindError = errno
        umask(previous)
        guard bound == 0, chmod(socket.path, 0o600) == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw CLIFailure("cannot listen on the agent's socket: " + SystemErrorText.describe(bindError))
        }
        return fd
    }

    private func serve(_ listener: Int32) {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeoutSeconds) * 1_000_000_000
        var stopping = false
        while !stopping && agentStopSignal == 0 {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            let wait = Int32(min((deadline - now) / 1_000_000 + 1, 1000))
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, wait) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            AgentSocket.setTimeouts(connection)
            stopping = handle(connection, secondsLeft: UInt32((deadline - min(deadline, now)) / 1_000_000_000))
            AgentSocket.drain(connection)
            close(connection)
        }
    }

    /// Answers one request; true when it was `stop`.
    private func handle(_ connection: Int32, secondsLeft: UInt32) -> Bool {
        guard AgentSocket.peerUID(connection) == getuid() else {
            _ = AgentSocket.writeAll(
                connection, AgentMessage(.error, body: [AgentRefusal.otherUser.rawValue]).encoded())
            return false
        }
        var response: AgentMessage
        var isStop = false
        do {
            var request = try AgentSocket.readMessage(connection)
            defer { zeroize(&request.body) }
            response = try answer(request, secondsLeft: secondsLeft)
            isStop = request.type == .stop
        } catch {
            response = AgentMessage(.error, body: [error.rawValue])
        }
        var frame = response.encoded()
        zeroize(&response.body)
        _ = AgentSocket.writeAll(connection, frame)
        zeroize(&frame)
        return isStop
    }

    private func answer(_ request: AgentMessage, secondsLeft: UInt32) throws(AgentRefusal) -> AgentMessage {
        switch request.type {
        case .status:
            guard request.body.isEmpty else { throw .malformed }
            let ids = keys.accounts
            let seconds = [
                UInt8(secondsLeft >> 24), UInt8(secondsLeft >> 16 & 0xFF), UInt8(secondsLeft >> 8 & 0xFF),
                UInt8(secondsLeft & 0xFF),
            ]
            return AgentMessage(.ok, body: seconds + [UInt8(ids.count)] + ids.flatMap(\.bytes))
        case .add:
            guard request.body.count == AccountID.byteCount + AgentKeyStore.secretByteCount else { throw .malformed }
            try keys.add(
                try Self.accountID(request.body[..<AccountID.byteCount]),
                secrets: request.body[AccountID.byteCount...])
            return AgentMessage(.ok)
        case .get:
            return AgentMessage(.ok, body: try keys.secrets(for: try Self.accountID(request.body[...])))
        case .stop:
            guard request.body.isEmpty else { throw .malformed }
            return AgentMessage(.ok)
        case .ok, .error:
            throw .unknownType
        }
    }

    private static func accountID(_ bytes: ArraySlice<UInt8>) throws(AgentRefusal) -> AccountID {
        do { return try AccountID(bytes: Array(bytes)) } catch { throw .malformed }
    }
}
