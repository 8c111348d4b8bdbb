// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer agent stop`: the agent wipes its keys, removes its socket and exits.
struct AgentStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the agent: it wipes every key it holds and exits.",
        discussion: """
            Fails (exit 1) when no agent is running.

            Examples:
              coffer agent stop
            """
    )

    func run() throws {
        try CLI.run {
            do throws(AgentError) {
                try AgentClient().stop()
            } catch {
                throw error.failure
            }
            CLI.note("agent stopped; its keys are wiped")
        }
    }
}
