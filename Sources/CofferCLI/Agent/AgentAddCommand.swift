// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer agent add`: unlocks an account with its passphrase and hands its keys to the running agent.
struct AgentAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Unlock an account once and give its keys to the running agent.",
        discussion: """
            Checks the passphrase and every record as coffer account unlock does, then gives the agent the \
            account's master key and login secret (over its socket, never through a file or an argument). Until \
            the agent stops, vault commands for this account need no passphrase. Adding an account again replaces \
            its keys. The agent holds at most 16 accounts.

            Examples:
              coffer agent add
              coffer agent add --account 0123456789abcdef0123456789abcdef --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: AccountPassphraseOptions

    func run() throws {
        try CLI.run {
            let client = AgentClient()
            do throws(AgentError) {
                _ = try client.status()
            } catch {
                throw error.failure
            }
            let account = try options.unlock()
            do throws(AgentError) {
                try client.add(account)
            } catch {
                throw error.failure
            }
            CLI.note("the agent holds account \(account.accountID.hex)")
        }
    }
}
