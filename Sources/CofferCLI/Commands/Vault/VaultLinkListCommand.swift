// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

/// `coffer vault link list`: the folder links stored in the vault.
struct VaultLinkListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the folder links stored in the vault (lookup id, folder, epoch, password, expiry).",
        discussion: """
            Read without the links' secrets, so not verified: it shows what the storage side holds. With --json, \
            one JSON object (schema 1, Spec/cli-json.md): links with lookupID, folder, epoch, password, expires.

            Examples:
              coffer vault link list --passphrase-file pass.txt
              coffer vault link list --json
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md).") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        struct Link: Encodable {
            let lookupID: String
            let folder: String
            let epoch: UInt32
            let password: Bool
            let expires: JSONOutput.Expiry
        }
        let schema = JSONOutput.schema
        let command = "vault link list"
        let links: [Link]
    }

    func run() throws {
        try LinkCLI.run {
            let links = try options.open().links()
            if json {
                return try JSONOutput.write(
                    Document(
                        links: links.map {
                            Document.Link(
                                lookupID: $0.lookupID.urlText, folder: $0.folder.hex, epoch: $0.epoch,
                                password: $0.hasPassword,
                                expires: JSONOutput.Expiry(unix: $0.expiry, text: LinkTime.format($0.expiry)))
                        }))
            }
            var lines = ""
            for link in links {
                lines +=
                    "\(link.lookupID.urlText)  folder \(link.folder.hex)  epoch \(link.epoch)"
                    + "  password \(link.hasPassword ? "yes" : "no")  expires \(LinkTime.format(link.expiry))\n"
            }
            try StandardOutput.write(lines)
            if lines.isEmpty { CLI.note("the vault has no folder links") }
        }
    }
}
