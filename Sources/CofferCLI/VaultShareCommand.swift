// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Share one of your folders with a verified contact; prints the folder id the contact accepts.",
        discussion: """
            The contact must be pinned and verified (`coffer contact add`, `coffer contact verify`). The folder key
            is wrapped to the contact's pinned post-quantum key (MLKEM768-X25519) when the pinned bundle has one,
            else to its X25519 key; the owner-signed member list gains the contact. Sharing again with a contact
            whose pin has since gained a post-quantum key replaces their share with a post-quantum one.

            A contact without a post-quantum key is refused where other members hold post-quantum shares: their
            classical share would let a future quantum computer read the folder key from the stored record, and
            with it every file. --allow-classical shares anyway.

            Examples:
              coffer vault share /team --with bob --passphrase-file pass.txt
              coffer vault share /team --with carol --allow-classical --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder to share.") var path: String
    @Option(name: .customLong("with"), help: "The contact's name.") var contact: String
    @Flag(help: "Share with a contact without a post-quantum key even where other members have one.")
    var allowClassical = false

    func run() throws {
        try CLI.run {
            let (vault, server) = try options.openWithServer()
            let receipt = try vault.share(vaultPath(path), with: contact, allowClassical: allowClassical)
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
            let kind = receipt.isPostQuantum ? "post-quantum" : "X25519, not post-quantum"
            CLI.note(
                "shared with \(contact) (key epoch \(receipt.epoch), \(kind)); "
                    + "they accept it with the folder id below")
            try StandardOutput.write(receipt.folder.hex + "\n")
        }
    }
}
