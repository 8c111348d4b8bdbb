// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultLsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List a folder: kind (d or -), size, modification time (UTC), name; with -l also id and writer.",
        discussion: """
            Names are shown with control and direction-override characters escaped (\\u{202E}), so a name cannot \
            disguise itself or another line.

            With --json, one JSON object (schema 1, Spec/cli-json.md): the folder and its entries with name \
            (unescaped), kind, size, modified, contentType, id, version and writer.

            A folder that is not found because it, or a folder above it, is in the trash says so (see vault trash \
            and vault restore); so do get and log.

            Examples:
              coffer vault ls / --passphrase-file pass.txt
              coffer vault ls @team -l
              coffer vault ls /team --json | jq -r '.entries[].name'
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"
    @Flag(name: .short, help: "Also print node id, version and the writer's account id.") var long = false
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md) instead of lines.") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        struct Entry: Encodable {
            let name: String
            let kind: String
            let size: UInt64
            let modified: UInt64
            let contentType: String
            let id: String
            let version: UInt64
            let writer: String
        }
        let schema = JSONOutput.schema
        let command = "vault ls"
        let path: String
        let entries: [Entry]
    }

    func run() throws {
        try CLI.run {
            let folder = try vaultPath(path)
            let vault = try options.open()
            let entries = try VaultHistoryWords.explainingTrash(folder, in: vault) { try vault.list(folder) }
            if json {
                return try JSONOutput.write(
                    Document(
                        path: folder.description,
                        entries: entries.map {
                            Document.Entry(
                                name: $0.name, kind: $0.kind == .folder ? "folder" : "file", size: $0.size,
                                modified: $0.modified, contentType: $0.contentType, id: $0.id.hex,
                                version: $0.version, writer: $0.writer.hex)
                        }))
            }
            let formatter = ISO8601DateFormatter()
            var lines = ""
            for entry in entries {
                let time = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(entry.modified)))
                let name = ErrorPresenter.escaped(entry.name)
                var line = "\(entry.kind == .folder ? "d" : "-")\t\(entry.size)\t\(time)\t\(name)"
                if long { line += "\t\(entry.id.hex)\tv\(entry.version)\t\(entry.writer.hex)" }
                lines += line + "\n"
            }
            try StandardOutput.write(lines)
        }
    }
}
