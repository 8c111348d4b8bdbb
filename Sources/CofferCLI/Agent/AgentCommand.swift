// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer agent …`: keeps unlocked account keys in memory for a while, so vault commands need no passphrase.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Keep unlocked accounts in memory for a while, so vault commands ask for no passphrase.",
        discussion: """
            Like ssh-agent: coffer agent start runs a small process that listens on a Unix socket; coffer agent add \
            unlocks an account once (its passphrase, the full check of its records) and hands its master key to the \
            agent. While the agent runs, every vault command (and vault link create/list/revoke) asks it first and \
            needs no passphrase; without an agent, or for an account it does not hold, they ask for the passphrase \
            as before. Each command still checks the account's records and this device's high-water mark.

            The agent keeps keys only in locked memory (never on disk, never in arguments or logs) and wipes them \
            when its time-out passes (--timeout, default 15m), on coffer agent stop, and on SIGTERM, SIGINT or SIGHUP. \
            Its socket is $COFFER_AGENT_SOCK, else $XDG_RUNTIME_DIR/coffer/agent.sock, else \
            /tmp/coffer-agent-UID/agent.sock, in a directory of mode 0700; it answers only processes of its own \
            user (SO_PEERCRED) — root included only when the agent runs as root. Any process of your user can ask \
            it for a key while it runs: stop it when you step away (Spec/agent.md).

            Examples:
              coffer agent start --timeout 1h
              coffer agent add --passphrase-file pass.txt
              coffer vault ls /
              coffer agent status
              coffer agent stop
            """,
        subcommands: [
            AgentStartCommand.self, AgentAddCommand.self, AgentStatusCommand.self, AgentStopCommand.self,
        ]
    )
}
