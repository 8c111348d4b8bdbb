// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import CofferSharing
import Foundation

/// `coffer link list`: the links an age file carries, as its header states them (unverified).
struct LinkListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the share links in an age file's header.",
        discussion: """
            Prints one line per link: lookup id, target kind, password (yes/no) and expiry. No key is needed, and
            nothing here is verified: each record is checked against its signature only when opened with its link.
            The file may be binary or ASCII-armored.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link list report.pdf.age
            """
    )

    @Argument(help: "The age file (binary or armored).")
    var file: String

    func run() throws {
        try LinkCLI.run {
            let (header, _) = try LinkCLI.openAgeFile(file, readable: true)
            var lines = ""
            for link in FileLinks.links(in: header) {
                let record = link.record
                lines +=
                    "\(record.lookupID.urlText)  \(record.kind.name)  password \(record.kdf == nil ? "no" : "yes")"
                    + "  expires \(LinkTime.format(record.expiry))\n"
            }
            try StandardOutput.write(lines)
            if lines.isEmpty { CLI.note("\(file) has no share links") }
        }
    }
}
