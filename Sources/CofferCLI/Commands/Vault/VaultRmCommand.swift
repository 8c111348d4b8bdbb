// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultRmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Move a file or an empty folder to the trash; with -r a folder with everything below it.",
        discussion: """
            As rm: a folder that holds anything is removed only with -r (everything below it goes too). Nothing is \
            deleted yet: the entry moves to its folder's trash in one commit, and vault restore brings it back \
            (vault trash lists it). vault trash empty deletes it for good, and so does vault gc once it has been in \
            the trash longer than --trash-days.

            Examples:
              coffer vault rm /old.txt --passphrase-file pass.txt
              coffer vault rm -r /old-projects --passphrase-file pass.txt
              coffer vault restore /old.txt --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(name: [.customShort("r"), .customLong("recursive")], help: "Move a folder and everything below it.")
    var recursive = false
    @Argument(help: "The file or folder to remove.") var path: String

    func run() throws {
        try CLI.run {
            let target = try vaultPath(path)
            do {
                try options.open().trash(target, recursive: recursive)
            } catch let error as VaultError {
                guard case .wrongNodeType(let shown, Vault.emptyFolder) = error.reason else { throw error }
                throw CLIFailure(
                    message: "\(shown) is a folder that is not empty; nothing was removed",
                    hints: ["to move it to the trash with everything below it: coffer vault rm -r \(shown)"])
            }
        }
    }
}
