// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultRmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a file or an empty folder; with -r a folder with everything below it.",
        discussion: """
            As rm: a folder that holds anything is removed only with -r (everything below it goes too). The folder \
            leaves its parent's listing first (the commit), then its records are deleted, so an interruption never \
            leaves a listed file without its content.

            Examples:
              coffer vault rm /old.txt --passphrase-file pass.txt
              coffer vault rm -r /old-projects --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(name: [.customShort("r"), .customLong("recursive")], help: "Remove a folder and everything below it.")
    var recursive = false
    @Argument(help: "The file or folder to remove.") var path: String

    func run() throws {
        try CLI.run {
            let target = try vaultPath(path)
            do {
                try options.open().remove(target, recursive: recursive)
            } catch VaultError.wrongNodeType(let shown, let expected) where expected == Vault.emptyFolder {
                throw CLIFailure(
                    message: "\(shown) is a folder that is not empty; nothing was removed",
                    hints: ["to remove it with everything below it: coffer vault rm -r \(shown)"])
            }
        }
    }
}
