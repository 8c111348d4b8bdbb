// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Decrypt a file from the vault to stdout or, all or nothing, to a file.",
        discussion: """
            With -o, the file appears only after every check passed and every chunk authenticated; on any failure
            nothing is written (a temporary file in the same directory is removed). A new file gets mode 0600; an
            existing file keeps its mode without group and other permissions; a symlink is followed and kept. -o
            onto a device or a FIFO writes through it, as age does (the node is never replaced); there, as on
            stdout, a failure can leave partial output.

            Examples:
              coffer vault get /notes.txt --passphrase-file pass.txt
              coffer vault get @team/plan.pdf -o plan.pdf --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file in the vault.") var path: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file.", valueName: "out")) var output: String?

    func run() throws {
        try CLI.run {
            let source = try vaultPath(path)
            let vault = try options.open()
            let destination = try OutputDestination.open(output, secret: true)
            try RecordingSink(destination.sink).streaming { try vault.read(source, to: $0) }
            try destination.commit()
        }
    }
}
