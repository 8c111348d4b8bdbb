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
            nothing is written (a temporary file in the same directory is removed).

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
            if let output {
                let file = try OutputFile(path: output, input: nil, mode: 0o600)
                try file.sink.write(try vault.read(source))
                try file.commit()
            } else {
                FileHandle.standardOutput.write(Data(try vault.read(source)))
            }
        }
    }
}
