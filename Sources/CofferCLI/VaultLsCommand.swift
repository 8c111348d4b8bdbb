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

            Examples:
              coffer vault ls / --passphrase-file pass.txt
              coffer vault ls @team -l
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"
    @Flag(name: .short, help: "Also print node id, version and the writer's account id.") var long = false

    func run() throws {
        try CLI.run {
            let formatter = ISO8601DateFormatter()
            var lines = ""
            for entry in try options.open().list(vaultPath(path)) {
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
