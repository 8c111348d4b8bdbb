// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
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

            With --json, one JSON object (schema 1, Spec/cli-json.md): the file and its links with lookupID, \
            target, password and expires.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link list report.pdf.age
              coffer link list report.pdf.age --json
            """
    )

    @Argument(help: "The age file (binary or armored).")
    var file: String

    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md).") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        struct Link: Encodable {
            let lookupID: String
            let target: String
            let password: Bool
            let expires: JSONOutput.Expiry
        }
        let schema = JSONOutput.schema
        let command = "link list"
        let file: String
        let links: [Link]
    }

    func run() throws {
        try LinkCLI.run {
            let (header, _) = try LinkCLI.openAgeFile(file, readable: true)
            if json {
                let links = FileLinks.links(in: header).map {
                    Document.Link(
                        lookupID: $0.record.lookupID.urlText, target: $0.record.kind.name,
                        password: $0.record.kdf != nil,
                        expires: JSONOutput.Expiry(unix: $0.record.expiry, text: LinkTime.format($0.record.expiry)))
                }
                return try JSONOutput.write(Document(file: file, links: links))
            }
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
