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
            Read without the links' secrets, so not verified: it shows what the storage side holds.

            Example:
              coffer vault link list --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        try LinkCLI.run {
            var lines = ""
            for link in try options.open().links() {
                lines +=
                    "\(link.lookupID.urlText)  folder \(link.folder.hex)  epoch \(link.epoch)"
                    + "  password \(link.hasPassword ? "yes" : "no")  expires \(LinkTime.format(link.expiry))\n"
            }
            try StandardOutput.write(lines)
            if lines.isEmpty { CLI.note("the vault has no folder links") }
        }
    }
}
