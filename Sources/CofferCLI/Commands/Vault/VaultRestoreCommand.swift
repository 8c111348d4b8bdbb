// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring a file or folder back from the trash, or make an earlier version of a file current again.",
        discussion: """
            Without --version, PATH is where the entry was when it was removed (see vault trash): the newest entry \
            of that name in its folder's trash comes back there, or to --to, whole (a folder with everything below \
            it). The name must be free. --id picks one entry when several of that name are in the trash. A file \
            restored --to another folder leaves its earlier versions behind, as vault mv does.

            With --version N, version N of the file at PATH (see vault log) becomes its current content as a new \
            version: the version it replaces stays in the history, so nothing is lost.

            Examples:
              coffer vault restore /notes.txt --passphrase-file pass.txt
              coffer vault restore /old-projects --to /projects --passphrase-file pass.txt
              coffer vault restore /notes.txt --version 2 --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "Where the entry was (from the trash), or the file (with --version).") var path: String
    @Option(help: "Make this version of the file current (see vault log).") var version: UInt64?
    @Option(help: ArgumentHelp("Restore from the trash to this path instead.", valueName: "path")) var to: String?
    @Option(help: ArgumentHelp("Restore the trash entry with this node id (see vault trash -l).", valueName: "hex"))
    var id: String?
    @Option(help: "With --version: how many versions of the file to keep (1–16, default 10).")
    var keepVersions = Vault.defaultKeptVersions

    func validate() throws {
        if version != nil {
            guard to == nil, id == nil else { throw ValidationError("--to and --id are for the trash, not --version") }
        }
        try VaultPutCommand.checkKeptVersions(keepVersions)
    }

    func run() throws {
        try CLI.run {
            let target = try vaultPath(path)
            var vault = try options.open()
            vault.keptVersions = keepVersions
            if let version {
                return try vault.restore(target, version: version)
            }
            let node = try id.map { hex in
                guard let node = try? NodeID(hex: hex) else {
                    throw CLIFailure(
                        message: "\"\(hex)\" is not a node id",
                        hints: ["node ids are 32 hex digits: coffer vault trash -l"])
                }
                return node
            }
            guard let to else { return try vault.restoreFromTrash(target, id: node) }
            let destination = try vaultPath(to)
            guard let newName = destination.name, destination.root == target.root else {
                throw CLIFailure(
                    message: "\(to) is not a place in the same tree as \(target)",
                    hints: ["restore to a path such as /folder/name in the tree the entry was removed from"])
            }
            if destination.parent.description == target.parent.description {
                return try vault.restoreFromTrash(target, id: node, as: newName)
            }
            // Elsewhere: back in its own folder first (one commit), then moved (as vault mv).
            try vault.restoreFromTrash(target, id: node)
            let left = try vault.moveDroppingVersions(target, to: destination)
            VaultHistoryWords.noteVersionsLeftBehind(left, of: target, movedTo: destination)
        }
    }
}
