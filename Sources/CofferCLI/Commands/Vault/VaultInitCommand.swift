// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this account's vault root (its folder key wrapped under the account's master key).",
        discussion: "Create-only: it refuses when any record of this account's vault root is in the vault "
            + "directory, or this device has seen the root before (then the storage side is withholding it, and a "
            + "new root would replace your tree), or the vault directory cannot be listed. It never overwrites "
            + "anything.\n\nExample:\n  coffer vault init --vault /srv/vault --passphrase-file pass.txt"
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        try CLI.run {
            try options.open().initialize()
            CLI.note("vault initialized")
        }
    }
}
