// SPDX-License-Identifier: MIT
// A scratch world for the agent tests: its own HOME, XDG directories and TMPDIR, an account with a vault
// holding /a.txt, and every command run in a new session (setsid: no terminal to ask a passphrase on, so a command
// that falls back to asking fails at once instead of waiting).
import Foundation
import Testing

struct AgentWorld {
    let dir: URL
    let accountID: String

    var runtime: String { dir.appendingPathComponent("run").path }
    var socket: String { runtime + "/coffer/agent.sock" }
    /// The places a process of this user may write to: the agent must add nothing but its socket there.
    var privateRoots: [String] { ["home", "run", "tmp", "data", "config", "cache", "store", "device"].map(path) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    var environment: [String] {
        [
            "HOME=\(path("home"))", "XDG_RUNTIME_DIR=\(runtime)", "TMPDIR=\(path("tmp"))",
            "XDG_DATA_HOME=\(path("data"))", "XDG_CONFIG_HOME=\(path("config"))", "XDG_CACHE_HOME=\(path("cache"))",
            "COFFER_STORE=\(path("store"))", "COFFER_DEVICE=\(path("device"))", "COFFER_VAULT=\(path("store"))",
        ]
    }

    /// `coffer ARGUMENTS` in a new session with this world's environment (`extra` added, `$COFFER_AGENT_SOCK`
    /// unset unless given), as `user` when set (through setpriv or runuser).
    func run(_ arguments: [String], extra: [String] = [], as user: String? = nil) throws -> CLIHarness.Result {
        var command = ["-w", "/usr/bin/env", "-u", "COFFER_AGENT_SOCK"] + environment + extra
        if let user {
            command += Self.switchUser(to: user)
        }
        return try CLIHarness.run("/usr/bin/setsid", command + [CLIHarness.coffer] + arguments, in: dir)
    }

    @discardableResult
    func ok(_ arguments: [String], extra: [String] = []) throws -> String {
        let result = try run(arguments, extra: extra)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return String(decoding: result.stdout, as: UTF8.self)
    }

    /// The command that runs the rest as `user`: setpriv when present, else runuser.
    static func switchUser(to user: String) -> [String] {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            return [
                "/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user == "nobody" ? "nogroup" : user)",
                "--clear-groups",
            ]
        }
        return ["/usr/sbin/runuser", "-u", user, "--"]
    }

    static var canSwitchUser: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
            && (FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
                || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"))
    }

    static func make() throws -> AgentWorld {
        let dir = try CLIHarness.scratch()
        let manager = FileManager.default
        for name in ["home", "run", "tmp", "data", "config", "cache"] {
            try manager.createDirectory(
                at: dir.appendingPathComponent(name), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        try Data("agent test passphrase\n".utf8).write(to: dir.appendingPathComponent("p1"))
        try Data("hello\n".utf8).write(to: dir.appendingPathComponent("plain"))
        var world = AgentWorld(dir: dir, accountID: "")
        let id = try world.ok(["account", "create", "--passphrase-file", "p1", "--recovery-key-file", "rk"])
        world = AgentWorld(dir: dir, accountID: id.trimmingCharacters(in: .whitespacesAndNewlines))
        try world.ok(["vault", "init", "--passphrase-file", "p1"])
        try world.ok(["vault", "put", "plain", "/a.txt", "--passphrase-file", "p1"])
        return world
    }

    /// `agent start` (background); returns the agent's pid from its note ("agent PID listening on …").
    func start(timeout: String = "5m") throws -> pid_t {
        let result = try run(["agent", "start", "--timeout", timeout])
        #expect(result.status == 0, "agent start: \(result.stderr)")
        let words = result.stderr.split(separator: " ")
        guard let index = words.firstIndex(of: "agent"), index + 1 < words.count, let pid = pid_t(words[index + 1])
        else {
            Issue.record("no pid in \(result.stderr)")
            return 0
        }
        return pid
    }

    /// Stops the agent if one still runs (test clean-up) and kills `pid` if it is still there.
    func cleanUp(_ pid: pid_t) {
        _ = try? run(["agent", "stop"])
        if pid > 0, Self.isAlive(pid) { kill(pid, SIGKILL) }
    }

    /// True while `pid` exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !status.contains(") Z ")
    }

    /// Waits up to `seconds` for `condition`.
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    /// Every path under the private roots, with the content of each regular file (symlinks and sockets by kind).
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        for root in privateRoots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String {
                let full = root + "/" + relative
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFREG: files[full] = FileManager.default.contents(atPath: full) ?? Data()
                case S_IFDIR: files[full] = Data("directory".utf8)
                case S_IFSOCK: files[full] = Data("socket".utf8)
                default: files[full] = Data("other".utf8)
                }
            }
        }
        return files
    }
}
