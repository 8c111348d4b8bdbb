// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultPutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Encrypt a local file into the vault (a new file, or a new version of an existing one).",
        discussion: """
            Examples:
              coffer vault put notes.txt /notes.txt --passphrase-file pass.txt
              cat data | coffer vault put - @team/data.bin --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The local file (- for stdin).") var input: String
    @Argument(help: "Where to store it in the vault.") var path: String
    @Option(name: .customLong("type"), help: "The content type to record, e.g. text/plain.") var contentType = ""

    func validate() throws {
        try OptionChecks.oneStdinReader([("--passphrase-file", options.passphraseFile), ("the input", input)])
    }

    func run() throws {
        try CLI.run {
            let destination = try vaultPath(path)
            let bytes = try CLI.openInput(input).readAll()
            let modified =
                input == "-"
                ? Date()
                : (try? FileManager.default.attributesOfItem(atPath: input)[.modificationDate] as? Date) ?? Date()
            try options.open().put(
                bytes, at: destination, modified: UInt64(max(0, modified.timeIntervalSince1970)),
                contentType: contentType)
        }
    }
}
