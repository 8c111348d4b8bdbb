// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultAcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a folder a verified contact shared with you; reach it afterwards as @NAME.",
        discussion: """
            Only a share signed by a pinned and verified contact is accepted. Without --folder, the single share
            from that contact addressed to you is taken.

            Example:
              coffer vault accept --from alice --as team --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(help: "The contact who shared the folder.") var from: String
    @Option(help: ArgumentHelp("The folder id the contact gave you.", valueName: "id")) var folder: String?
    @Option(name: .customLong("as"), help: "The name to reach it under (@name).") var name: String

    func run() throws {
        try CLI.run {
            let (vault, server) = try options.openWithServer()
            let id: NodeID
            if let folder {
                id = try NodeID(hex: folder)
            } else {
                let pending = try vault.pendingShares(from: from)
                guard pending.count == 1 else {
                    throw CLIFailure(
                        "\(pending.count) shares from \(from) are addressed to you", hint: "name one with --folder ID")
                }
                id = pending[0]
            }
            if let server {
                // The server learns that this account accepts the owner's grant (its write access), first: the
                // share itself is checked and recorded on this device next, and a failure leaves nothing half-done.
                let owner = try vault.pins.bundle(for: from).accountID
                try server.grantMember(owner: owner, member: vault.accountID, folder: id)
            }
            try vault.accept(folder: id, as: name)
            CLI.note("accepted: the folder is @\(name)")
        }
    }
}
