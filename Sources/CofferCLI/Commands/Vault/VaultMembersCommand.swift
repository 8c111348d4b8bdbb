// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing

/// `coffer vault members PATH`: who can read a folder, from its verified records.
struct VaultMembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "List who can read a folder: its tree's owner and every member added here or above.",
        discussion: """
            Read from the folder's verified records (the owner's signed member lists on the way down), never from \
            what the storage side says. One line per account: role (owner, writer or reader), fingerprint, contact name \
            ("you" for this account, "-" when not a contact), account id, and "pq" when its key is post-quantum. \
            Compare fingerprints out of band, as with contact verify. A reader may only read: every coffer refuses \
            what a reader signs. Change a role with `coffer vault share FOLDER --with CONTACT --reader` (or --writer).

            With --json, one JSON object (schema 1, Spec/cli-json.md).

            Examples:
              coffer vault members /team --passphrase-file pass.txt
              coffer vault members @team/docs --json
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md) instead of lines.") var json = false

    struct Document: Encodable {
        struct Member: Encodable {
            let role: String
            /// "write" or "read" (schema 1, added with roles).
            let access: String
            let account: String
            let fingerprint: String
            let contact: String?
            let postQuantum: Bool?
        }
        let schema = JSONOutput.schema
        let command = "vault members"
        let path: String
        let folder: String
        let epoch: UInt32
        let sharedHere: Bool
        let members: [Member]
    }

    func run() throws {
        try CLI.run {
            let folder = try vaultPath(path)
            let vault = try options.open()
            let membership = try vault.membership(at: folder)
            let names = try VaultContactNames(vault)
            var members = [
                Document.Member(
                    role: "owner", access: "write", account: membership.owner.accountID.hex,
                    fingerprint: Fingerprint(membership.owner).description,
                    contact: names.name(of: membership.owner.accountID), postQuantum: membership.owner.isPostQuantum)
            ]
            for bundle in membership.members {
                let reads = membership.roles[bundle.accountID] == .reader
                members.append(
                    Document.Member(
                        role: "member", access: reads ? "read" : "write", account: bundle.accountID.hex,
                        fingerprint: bundle.fingerprint.description,
                        contact: names.name(of: bundle.accountID), postQuantum: bundle.keys.isPostQuantum))
            }
            if json {
                return try JSONOutput.write(
                    Document(
                        path: folder.description, folder: membership.folder.hex, epoch: membership.epoch,
                        sharedHere: membership.sharedHere, members: members))
            }
            var lines = ""
            for member in members {
                let name = member.contact.map(ErrorPresenter.escaped) ?? "-"
                let role = member.role == "owner" ? "owner" : member.access == "read" ? "reader" : "writer"
                lines += "\(role)\t\(member.fingerprint)\t\(name)\t\(member.account)"
                lines += member.postQuantum == true ? "\tpq\n" : "\n"
            }
            try StandardOutput.write(lines)
            if membership.members.isEmpty { CLI.note("not shared: only the owner reads \(folder.description)") }
        }
    }
}

/// Contact names by account id, from this device's pins ("you" for the vault's own account).
struct VaultContactNames {
    let me: AccountID
    let byAccount: [AccountID: String]

    init(_ vault: Vault) throws {
        me = vault.accountID
        var byAccount: [AccountID: String] = [:]
        for pin in try vault.pins.list() {
            if let bundle = try? IdentityBundle(text: pin.bundle) { byAccount[bundle.accountID] = pin.name }
        }
        self.byAccount = byAccount
    }

    func name(of account: AccountID) -> String? { account == me ? "you" : byAccount[account] }
}
