// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Decrypt a file from the vault to stdout or, all or nothing, to a file; with -r, a folder tree.",
        discussion: """
            With -o, the file appears only after every check passed and every chunk authenticated; on any failure
            nothing is written (a temporary file in the same directory is removed). A new file gets mode 0600; an
            existing file keeps its mode without group and other permissions; a symlink is followed and kept. -o
            onto a device or a FIFO writes through it, as age does (the node is never replaced); there, as on
            stdout, a failure can leave partial output. An -o that ends in "/" or is an existing directory means
            "into it": the file keeps its vault name.

            With -r, FOLDER and everything below it is written under LOCALDIR (into it when LOCALDIR ends in "/" or
            is an existing directory, else as LOCALDIR itself), each folder read and verified once, each file
            written all or nothing as with -o. An existing local file is refused before anything is written,
            unless --force. A progress line is shown on a terminal.

            A file someone shared with you on its own (coffer vault accept --file ID --as NAME) is @NAME itself:
            the version they shared, checked against their signed share before anything is written.

            A path that is not found because it, or a folder above it, is in the trash says so, with the commands
            that list the trash and restore it.

            Examples:
              coffer vault get /notes.txt --passphrase-file pass.txt
              coffer vault get @team/plan.pdf -o plan.pdf --passphrase-file pass.txt
              coffer vault get /notes.txt -o backup/ --passphrase-file pass.txt
              coffer vault get -r /photos restored/ --passphrase-file pass.txt
              coffer vault get /notes.txt --version 2 -o notes-v2.txt --passphrase-file pass.txt
              coffer vault get @plan -o plan.pdf     (a file shared with you, accepted as plan)
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(name: .shortAndLong, help: "Write a folder and everything below it to a local directory.")
    var recursive = false
    @Flag(help: "With -r: overwrite local files that exist.") var force = false
    @Argument(help: "The file (with -r, the folder) in the vault.") var path: String
    @Argument(help: "With -r: the local directory to write to.") var directory: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file.", valueName: "out")) var output: String?
    @Option(help: "Read this earlier version of the file (see vault log).") var version: UInt64?

    func validate() throws {
        if recursive {
            guard directory != nil else { throw ValidationError("-r needs a local directory to write to") }
            guard output == nil else { throw ValidationError("-r writes under LOCALDIR; -o is for one file") }
            guard version == nil else { throw ValidationError("--version reads one file; it cannot be used with -r") }
        } else {
            guard directory == nil else {
                throw ValidationError("a second argument is the local directory of -r; for one file use -o")
            }
            guard !force else { throw ValidationError("--force is for -r; -o replaces its file as it is") }
        }
    }

    func run() throws {
        try CLI.run {
            let source = try vaultPath(path)
            if recursive, let directory {
                let vault = try options.open()
                try VaultHistoryWords.explainingTrash(source, in: vault) {
                    try VaultGetRecursive(vault: vault, force: force).run(
                        from: source, to: Self.localTarget(directory, name: source.name))
                }
                return
            }
            var output = output
            if let given = output, let name = source.name, Self.isDirectory(given) {
                output = VaultGetRecursive.join(given, name)
            }
            let vault = try options.open()
            let destination = try OutputDestination.open(output, secret: true)
            try RecordingSink(destination.sink).streaming { sink in
                try VaultHistoryWords.explainingTrash(source, in: vault) {
                    if let version {
                        try vault.read(source, version: version, to: sink)
                    } else {
                        try vault.read(source, to: sink)
                    }
                }
            }
            try destination.commit()
        }
    }

    /// A local path that ends in "/" or is an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return path.hasSuffix("/") || (stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR)
    }

    /// LOCALDIR, or LOCALDIR/NAME when LOCALDIR means "into" (and the folder has a name: not a root).
    static func localTarget(_ directory: String, name: String?) -> String {
        guard let name, isDirectory(directory) else { return directory }
        return VaultGetRecursive.join(directory, name)
    }
}
