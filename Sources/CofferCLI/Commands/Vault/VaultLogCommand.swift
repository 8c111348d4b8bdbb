// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the versions of a file the vault keeps: number, size, modification time (UTC), writer.",
        discussion: """
            Newest first; the current version is marked "current". Every version is read and verified as the \
            current one is (its record is named by hash in the current, signed record), so the storage side can \
            neither swap nor add a version. A put keeps the new version and up to 9 earlier ones (see --keep-versions \
            of vault put); older ones are deleted by vault gc.

            With --json, one JSON object (schema 1, Spec/cli-json.md): the path and its versions with number, \
            current, size, modified, contentType and writer.

            Examples:
              coffer vault log /notes.txt --passphrase-file pass.txt
              coffer vault get /notes.txt --version 2 -o notes-v2.txt --passphrase-file pass.txt
              coffer vault restore /notes.txt --version 2 --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file in the vault.") var path: String
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md) instead of lines.") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        struct Version: Encodable {
            let number: UInt64
            let current: Bool
            let size: UInt64
            let modified: UInt64
            let contentType: String
            let writer: String
        }
        let schema = JSONOutput.schema
        let command = "vault log"
        let path: String
        let versions: [Version]
    }

    func run() throws {
        try CLI.run {
            let file = try vaultPath(path)
            let vault = try options.open()
            let versions = try VaultHistoryWords.explainingTrash(file, in: vault) { try vault.versions(of: file) }
            if json {
                return try JSONOutput.write(
                    Document(
                        path: file.description,
                        versions: versions.map {
                            Document.Version(
                                number: $0.number, current: $0.isCurrent, size: $0.size, modified: $0.modified,
                                contentType: $0.contentType, writer: $0.writer.hex)
                        }))
            }
            let formatter = ISO8601DateFormatter()
            var lines = ""
            for version in versions {
                let time = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(version.modified)))
                lines += "v\(version.number)\t\(version.size)\t\(time)\t\(version.writer.hex)"
                lines += version.isCurrent ? "\tcurrent\n" : "\n"
            }
            try StandardOutput.write(lines)
        }
    }
}
