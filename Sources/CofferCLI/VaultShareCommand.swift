// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Share one of your folders with a verified contact; prints the folder id the contact accepts.",
        discussion: """
            The contact must be pinned and verified (`coffer contact add`, `coffer contact verify`). The folder key
            is wrapped to the contact's pinned X25519 key; the owner-signed member list gains the contact.

            Example:
              coffer vault share /team --with bob --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder to share.") var path: String
    @Option(name: .customLong("with"), help: "The contact's name.") var contact: String

    func run() throws {
        try CLI.run {
            let (vault, server) = try options.openWithServer()
            let receipt = try vault.share(vaultPath(path), with: contact)
            if let server {
                do {
                    try server.grantMember(owner: vault.accountID, member: receipt.member, folder: receipt.folder)
                } catch {
                    throw CLIFailure(
                        message: "shared, but the server did not register \(contact) as a writer: \(error)",
                        hints: [
                            "until it does, \(contact) can read but not write",
                            "unshare and share again once the server answers",
                        ])
                }
            }
            CLI.note("shared with \(contact) (key epoch \(receipt.epoch)); they accept it with the folder id below")
            try StandardOutput.write(receipt.folder.hex + "\n")
        }
    }
}
