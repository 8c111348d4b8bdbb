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
            let file = try CLI.openInput(input)
            let modified =
                input == "-"
                ? Date()
                : (try? FileManager.default.attributesOfItem(atPath: input)[.modificationDate] as? Date) ?? Date()
            let seconds = UInt64(max(0, modified.timeIntervalSince1970))
            let vault = try options.open()
            // A regular file streams through the encryptor in constant memory, read again from its start if a
            // concurrent writer makes the commit retry; a pipe is read whole first (its size is not known).
            if let (offset, length) = file.positionalRemainder() {
                try vault.put(size: length, at: destination, modified: seconds, contentType: contentType) {
                    try file.seek(to: offset)
                    return file
                }
                return
            }
            try vault.put(try file.readAll(), at: destination, modified: seconds, contentType: contentType)
        }
    }
}
