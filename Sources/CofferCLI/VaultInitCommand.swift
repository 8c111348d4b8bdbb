// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this account's vault root (its folder key wrapped under the account's master key).",
        discussion: "Example:\n  coffer vault init --vault /srv/vault --passphrase-file pass.txt"
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        try CLI.run {
            try options.open().initialize()
            CLI.note("vault initialized")
        }
    }
}
