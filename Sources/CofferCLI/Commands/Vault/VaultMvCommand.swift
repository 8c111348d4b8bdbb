// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultMvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Move or rename a file or folder; only its key wrap and record are rewritten, never its content.",
        discussion: """
            As mv: when DESTINATION is an existing folder, or ends with "/", the source moves into it under its own \
            name (/team/ must then exist). Otherwise DESTINATION is the new path, whose parent must exist and which \
            must not exist yet. A folder that is shared with others is not moved (unshare it first).

            A file's earlier versions (vault log) stay with it when it is renamed in its folder, but not when it \
            moves to another folder: they are sealed for the old folder, so the moved file starts a new history, \
            mv says how many stayed behind, and vault gc deletes them. Get a version you need first (vault get \
            --version N); a folder moves with everything below it, versions included.

            Examples:
              coffer vault mv /drafts/a.txt /final/a.txt --passphrase-file pass.txt
              coffer vault mv /notes.txt /team/ --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file or folder to move.") var source: String
    @Argument(help: "Its new path, or a folder to move it into.") var destination: String

    func run() throws {
        try CLI.run {
            let vault = try options.open()
            let from = try vaultPath(source)
            let target = try vault.moveTarget(
                for: from, at: vaultPath(destination), into: destination.hasSuffix("/"))
            let left = try vault.moveDroppingVersions(from, to: target)
            VaultHistoryWords.noteVersionsLeftBehind(left, of: from, movedTo: target)
        }
    }
}
