// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultMvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Move or rename a file or folder; only its key wrap and record are rewritten, never its content.",
        discussion: "Example:\n  coffer vault mv /drafts/a.txt /final/a.txt --passphrase-file pass.txt"
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file or folder to move.") var source: String
    @Argument(help: "Its new path (parent must exist).") var destination: String

    func run() throws {
        try CLI.run { try options.open().move(vaultPath(source), to: vaultPath(destination)) }
    }
}
