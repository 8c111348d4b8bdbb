// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultMkdirCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mkdir",
        abstract: "Create a folder (with its own folder key) in an existing folder.",
        discussion: "Example:\n  coffer vault mkdir /projects --passphrase-file pass.txt"
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The new folder's path.") var path: String

    func run() throws {
        try CLI.run { try options.open().makeFolder(vaultPath(path)) }
    }
}
