// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultAcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a folder or a file a verified contact shared with you; reach it afterwards as @NAME.",
        discussion: """
            Only a share signed by a pinned and verified contact is accepted. Without --folder or --file, the single
            share (of a folder or a file) from that contact addressed to you is taken. A shared file is one version,
            read-only: read it with `coffer vault get @NAME -o FILE`.

            Examples:
              coffer vault accept --from alice --as team --passphrase-file pass.txt
              coffer vault accept --from alice --file ID --as plan
              coffer vault get @plan -o plan.pdf
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(help: "The contact who shared the folder.") var from: String
    @Option(help: ArgumentHelp("The folder id the contact gave you.", valueName: "id")) var folder: String?
    @Option(help: ArgumentHelp("The file id the contact gave you (a shared file).", valueName: "id")) var file: String?
    @Option(name: .customLong("as"), help: "The name to reach it under (@name).") var name: String

    func validate() throws {
        if folder != nil && file != nil { throw ValidationError("use --folder or --file, not both") }
    }

    func run() throws {
        try CLI.run {
            let (vault, server) = try options.openWithServer()
            let id: NodeID
            if let file {
                return try acceptFile(NodeID(hex: file), vault: vault)
            } else if let folder {
                id = try NodeID(hex: folder)
            } else {
                let pending = try vault.pendingShares(from: from)
                let owner = try vault.pins.bundle(for: from).accountID
                let files = try vault.pendingFileShares().filter { $0.owner == owner }
                guard pending.count + files.count == 1 else {
                    throw CLIFailure(
                        "\(pending.count + files.count) shares from \(from) are addressed to you",
                        hint: "name one with --folder ID or --file ID (coffer vault shares lists them)")
                }
                if let only = files.first { return try acceptFile(only.file, vault: vault) }
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

    /// A file share needs nothing from a server (reading takes no membership).
    func acceptFile(_ id: NodeID, vault: Vault) throws {
        try vault.acceptFileShare(file: id, as: name)
        CLI.note("accepted: the file is @\(name) (read it with coffer vault get @\(name))")
    }
}
