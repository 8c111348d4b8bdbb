// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Glibc

/// Where the agent's socket is (Spec/agent.md §2): `$COFFER_AGENT_SOCK`, else `$XDG_RUNTIME_DIR/coffer/agent.sock`,
/// else `/tmp/coffer-agent-UID/agent.sock`. The directory is the agent's own: 0700, owned by this uid.
struct AgentSocketPath {
    let path: String
    let source: String

    var directory: String { (path as NSString).deletingLastPathComponent }

    /// The longest path a `sockaddr_un` holds, without its terminating NUL.
    static let maximumLength = 107

    static func resolve(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AgentSocketPath {
        if let path = environment["COFFER_AGENT_SOCK"], !path.isEmpty {
            return AgentSocketPath(path: path, source: "$COFFER_AGENT_SOCK")
        }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, runtime.hasPrefix("/") {
            return AgentSocketPath(path: runtime + "/coffer/agent.sock", source: "$XDG_RUNTIME_DIR")
        }
        return AgentSocketPath(
            path: "/tmp/coffer-agent-\(getuid())/agent.sock", source: "default, $XDG_RUNTIME_DIR unset")
    }

    /// Makes the directory (0700) when it is missing and checks it when it is not: a real directory (not a symlink),
    /// owned by this uid, with no access for group or others — else another user could replace the socket.
    func prepareDirectory() throws {
        let directory = self.directory
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            // The parent of the XDG runtime directory's coffer/ exists; for a custom path, make its parents too.
            let parent = (directory as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw CLIFailure(
                    message: "cannot make the agent's directory \(ErrorPresenter.escaped(directory)): "
                        + SystemErrorText.describe(errno),
                    hints: ["set $COFFER_AGENT_SOCK to a path in a directory you own"])
            }
        }
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            throw CLIFailure("cannot read the agent's directory \(ErrorPresenter.escaped(directory))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw CLIFailure(
                message: "the agent's directory \(ErrorPresenter.escaped(directory)) is not a directory",
                hints: ["remove it, or set $COFFER_AGENT_SOCK to a path in a directory you own"])
        }
        guard info.st_uid == getuid() else {
            throw CLIFailure(
                message: "the agent's directory \(ErrorPresenter.escaped(directory)) belongs to another user "
                    + "(uid \(info.st_uid))",
                hints: ["another user may be trying to catch your keys: set $COFFER_AGENT_SOCK to a private path"])
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CLIFailure(
                message: "the agent's directory \(ErrorPresenter.escaped(directory)) is open to other users "
                    + "(mode \(String(info.st_mode & 0o777, radix: 8)))",
                hints: ["chmod 700 \(ErrorPresenter.escaped(directory)), or set $COFFER_AGENT_SOCK"])
        }
    }

    func checkLength() throws {
        guard path.utf8.count <= Self.maximumLength, !path.utf8.contains(0) else {
            throw CLIFailure(
                message: "the agent's socket path is longer than \(Self.maximumLength) bytes",
                hints: ["set $COFFER_AGENT_SOCK to a shorter path"])
        }
    }
}
