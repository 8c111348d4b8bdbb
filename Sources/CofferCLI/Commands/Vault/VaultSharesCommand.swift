// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing

/// `coffer vault shares`: the folders shared with this account, accepted and pending.
struct VaultSharesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shares",
        abstract: "List the folders shared with you: accepted (as @NAME) and pending (not accepted yet).",
        discussion: """
            Accepted shares are the ones this device accepted (coffer vault accept). Pending shares are share \
            records addressed to you by a verified contact whose signature and key check out, and which you have \
            not accepted (or have left); anything else the storage side holds is not shown. One line each: \
            state, @NAME (or -), the owner's contact name, the folder id to give to vault accept --folder.

            With --json, one JSON object (schema 1, Spec/cli-json.md).

            Examples:
              coffer vault shares --passphrase-file pass.txt
              coffer vault accept --from alice --folder ID --as team
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md) instead of lines.") var json = false

    struct Document: Encodable {
        struct Share: Encodable {
            let name: String?
            let owner: String
            let contact: String?
            let folder: String
        }
        let schema = JSONOutput.schema
        let command = "vault shares"
        let accepted: [Share]
        let pending: [Share]
    }

    func run() throws {
        try CLI.run {
            let vault = try options.open()
            let names = try VaultContactNames(vault)
            let accepted = try vault.state.shares().sorted { $0.key < $1.key }.map { name, share in
                let owner = try IdentityBundle(text: share.owner).accountID
                return Document.Share(
                    name: name, owner: owner.hex, contact: names.name(of: owner), folder: share.folder)
            }
            let pending = try vault.pendingShares().map {
                Document.Share(name: nil, owner: $0.owner.hex, contact: names.name(of: $0.owner), folder: $0.folder.hex)
            }
            if json { return try JSONOutput.write(Document(accepted: accepted, pending: pending)) }
            var lines = ""
            for (state, shares) in [("accepted", accepted), ("pending", pending)] {
                for share in shares {
                    let name = share.name.map { "@" + ErrorPresenter.escaped($0) } ?? "-"
                    let contact = share.contact.map(ErrorPresenter.escaped) ?? share.owner
                    lines += "\(state)\t\(name)\t\(contact)\t\(share.folder)\n"
                }
            }
            try StandardOutput.write(lines)
            if accepted.isEmpty && pending.isEmpty { CLI.note("no folder is shared with you") }
        }
    }
}
