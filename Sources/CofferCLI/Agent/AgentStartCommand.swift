// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation
import Glibc

/// `coffer agent start`: runs the agent, in the background (default) or in this terminal (`--foreground`).
struct AgentStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the agent (empty: coffer agent add gives it an account).",
        discussion: """
            Without --foreground the agent runs in the background and this command returns once it listens. It \
            holds no key until coffer agent add. After --timeout (from the start, not from the last use) it wipes \
            every key, removes its socket and exits; start it again to go on. A second start while one runs is \
            refused; the socket left by an agent that was killed does not block a new one.

            Examples:
              coffer agent start
              coffer agent start --timeout 2h
              coffer agent start --foreground --timeout 30m
            """
    )

    @Option(
        help: ArgumentHelp(
            "How long the agent keeps keys before it wipes them and exits: 90s, 15m, 8h (1 second to 24 hours).",
            valueName: "duration"))
    var timeout = AgentDuration(seconds: 15 * 60)

    @Flag(help: "Run in this terminal until the time-out, coffer agent stop or Ctrl-C.")
    var foreground = false

    /// Set by a background start for the process it spawns: it closes stderr once it listens.
    @Flag(help: .private)
    var detached = false

    func run() throws {
        try CLI.run {
            let socket = AgentSocketPath.resolve()
            if !foreground {
                try socket.checkLength()
                if (try? AgentClient(socket: socket).status()) != nil {
                    throw CLIFailure(
                        message: "an agent is already running (\(ErrorPresenter.escaped(socket.path)))",
                        hints: ["coffer agent status shows it; coffer agent stop ends it"])
                }
                let pid = try AgentSpawn.start(timeout: timeout, socket: socket)
                do {
                    _ = try AgentClient(socket: socket).status()
                } catch {
                    throw CLIFailure("the agent stopped at once", hint: "try coffer agent start --foreground")
                }
                CLI.note(
                    "agent \(pid) listening on \(socket.path) for "
                        + AgentDuration.text(timeout.seconds) + "; add an account with coffer agent add")
                return
            }
            let server = AgentServer(socket: socket, timeoutSeconds: timeout.seconds)
            try server.run {
                if detached {
                    let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
                    if null >= 0 {
                        dup2(null, 2)
                        close(null)
                    }
                } else {
                    CLI.note(
                        "agent listening on \(socket.path) for "
                            + AgentDuration.text(timeout.seconds) + " (Ctrl-C stops it and wipes its keys)")
                }
            }
            if !detached { CLI.note("agent stopped; its keys are wiped") }
        }
    }
}
