// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing

/// `coffer vault shares`: the folders and files shared with this account, accepted and pending.
struct VaultSharesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shares",
        abstract: "List the folders and files shared with you: accepted (as @NAME) and pending (not accepted yet).",
        discussion: """
            Accepted shares are the ones this device accepted (coffer vault accept). Pending shares are share \
            records addressed to you by a verified contact whose signature and key check out, and which you have \
            not accepted (or have left); anything else the storage side holds is not shown. One line each: \
            state, @NAME (or -), the owner's contact name, the kind (folder or file), and the id to give to \
            vault accept --folder (or --file). A shared file is one version of one file, read-only.

            With --json, one JSON object (schema 1, Spec/cli-json.md).

            Examples:
              coffer vault shares --passphrase-file pass.txt
              coffer vault accept --from alice --folder ID --as team
              coffer vault accept --from alice --file ID --as plan
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md) instead of lines.") var json = false

    struct Document: Encodable {
        struct Share: Encodable {
            let name: String?
            let owner: String
            let contact: String?
            /// The shared folder (kind folder).
            var folder: String?
            /// The shared file (kind file).
            var file: String?
            var kind = "folder"
            /// A pending file share's name, as the owner sealed it.
            var fileName: String?
            var id: String { folder ?? file ?? "" }
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
            let acceptedFiles = try vault.state.fileShares().map { name, share in
                let owner = try IdentityBundle(text: share.owner).accountID
                return Document.Share(
                    name: name, owner: owner.hex, contact: names.name(of: owner), file: share.file, kind: "file")
            }
            let pendingFiles = try vault.pendingFileShares().map {
                Document.Share(
                    name: nil, owner: $0.owner.hex, contact: names.name(of: $0.owner), file: $0.file.hex,
                    kind: "file", fileName: $0.name)
            }
            let pending = try vault.pendingShares().map {
                Document.Share(name: nil, owner: $0.owner.hex, contact: names.name(of: $0.owner), folder: $0.folder.hex)
            }
            let allAccepted = (accepted + acceptedFiles).sorted { ($0.name ?? "") < ($1.name ?? "") }
            let allPending = pending + pendingFiles
            if json { return try JSONOutput.write(Document(accepted: allAccepted, pending: allPending)) }
            var lines = ""
            for (state, shares) in [("accepted", allAccepted), ("pending", allPending)] {
                for share in shares {
                    let name = share.name.map { "@" + ErrorPresenter.escaped($0) } ?? "-"
                    let contact = share.contact.map(ErrorPresenter.escaped) ?? share.owner
                    lines += "\(state)\t\(name)\t\(contact)\t\(share.kind)\t\(share.id)\n"
                }
            }
            try StandardOutput.write(lines)
            if allAccepted.isEmpty && allPending.isEmpty { CLI.note("no folder or file is shared with you") }
        }
    }
}
