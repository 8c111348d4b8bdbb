// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer agent status`: whether an agent runs, for how long still, and which accounts it holds.
struct AgentStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the agent runs, the time it has left and the accounts it holds.",
        discussion: """
            Prints "socket PATH", "time-left DURATION" and one "account ID" line per account held. Exits 1 with \
            "no agent is running" when there is none.

            Examples:
              coffer agent status
            """
    )

    func run() throws {
        try CLI.run {
            let client = AgentClient()
            let status: AgentClient.Status
            do throws(AgentError) {
                status = try client.status()
            } catch {
                throw error.failure
            }
            var lines = "socket \(ErrorPresenter.escaped(client.socket.path))\n"
            lines += "time-left \(AgentDuration.text(status.secondsLeft))\n"
            for account in status.accounts { lines += "account \(account.hex)\n" }
            try StandardOutput.write(lines)
        }
    }
}
