// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

/// `coffer vault trash …`: what vault rm moved aside, and emptying it.
struct VaultTrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash",
        abstract: "List what vault rm moved to the trash, or empty it.",
        discussion: """
            vault rm moves a file or folder to the trash of its folder: it stays in storage (a folder with \
            everything below it) until vault trash empty, or vault gc once it is older than --trash-days (30 by \
            default). vault restore brings it back.

            Examples:
              coffer vault trash --passphrase-file pass.txt
              coffer vault trash list /team --json
              coffer vault trash empty --older-than-days 7 --passphrase-file pass.txt
            """,
        subcommands: [VaultTrashListCommand.self, VaultTrashEmptyCommand.self],
        defaultSubcommand: VaultTrashListCommand.self
    )
}

struct VaultTrashListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the trash of a folder and of every folder below it: kind, size, time removed (UTC), path.",
        discussion: """
            With --json, one JSON object (schema 1, Spec/cli-json.md): the folder and its entries with path \
            (unescaped), kind, size, trashed (Unix seconds), id and writer (who removed it).

            Examples:
              coffer vault trash list --passphrase-file pass.txt
              coffer vault trash list /team -l
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"
    @Flag(name: .short, help: "Also print node id and the account id of who removed it.") var long = false
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md) instead of lines.") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        struct Entry: Encodable {
            let path: String
            let kind: String
            let size: UInt64
            let trashed: UInt64
            let id: String
            let writer: String
        }
        let schema = JSONOutput.schema
        let command = "vault trash list"
        let path: String
        let entries: [Entry]
    }

    func run() throws {
        try CLI.run {
            let folder = try vaultPath(path)
            let entries = try options.open().trashEntries(under: folder)
            if json {
                return try JSONOutput.write(
                    Document(
                        path: folder.description,
                        entries: entries.map {
                            Document.Entry(
                                path: $0.path.description, kind: $0.kind == .folder ? "folder" : "file", size: $0.size,
                                trashed: $0.trashed, id: $0.id.hex, writer: $0.writer.hex)
                        }))
            }
            let formatter = ISO8601DateFormatter()
            var lines = ""
            for entry in entries {
                let time = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(entry.trashed)))
                var line = "\(entry.kind == .folder ? "d" : "-")\t\(entry.size)\t\(time)\t"
                line += ErrorPresenter.escaped(entry.path.description)
                if long { line += "\t\(entry.id.hex)\t\(entry.writer.hex)" }
                lines += line + "\n"
            }
            try StandardOutput.write(lines)
        }
    }
}

struct VaultTrashEmptyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "empty",
        abstract: "Delete for good what is in the trash of a folder and of every folder below it.",
        discussion: """
            Each folder's entries leave its listing in one commit, then their records are deleted (a folder's with \
            everything below it); earlier versions of deleted files are left for vault gc. This cannot be undone.

            Examples:
              coffer vault trash empty --passphrase-file pass.txt
              coffer vault trash empty /team --older-than-days 30 --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"
    @Option(help: "Only what went to the trash at least this many days ago.") var olderThanDays: UInt32?

    func run() throws {
        try CLI.run {
            let folder = try vaultPath(path)
            let cutoff = olderThanDays.map { days in
                let now = UInt64(max(0, Date().timeIntervalSince1970))
                let age = UInt64(days) * 86_400  // at most 2^32 days: no overflow
                return now >= age ? now - age : 0  // 0: nothing went to the trash that early
            }
            let count = try options.open().emptyTrash(under: folder, trashedBefore: cutoff ?? .max)
            try StandardOutput.write("deleted \(count) trash entries\n")
        }
    }
}
