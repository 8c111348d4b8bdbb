// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultRmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a file, or a folder with everything below it.",
        discussion: "Example:\n  coffer vault rm /old --passphrase-file pass.txt"
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file or folder to remove.") var path: String

    func run() throws {
        try CLI.run { try options.open().remove(vaultPath(path)) }
    }
}
