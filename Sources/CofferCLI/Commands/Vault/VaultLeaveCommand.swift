// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing

/// `coffer vault leave @NAME`: stop using a folder shared with you.
struct VaultLeaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leave",
        abstract: "Stop using a folder someone shared with you (forget @NAME; on a server, give up write access).",
        discussion: """
            Forgets the accepted share on this device; on a coffer serve vault it first ends your side of the \
            membership, so the server refuses your writes in that folder from then on. Nothing is deleted and \
            nothing you wrote there changes. You still hold the folder's current key, and the owner's member \
            list still names you: only the owner removes you for good, with coffer vault unshare, which also \
            starts a new key epoch. To come back, accept the share again (vault shares lists it as pending); on a \
            server the owner must also share the folder with you again, since leaving ended the membership there.

            Example:
              coffer vault leave @team --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The share's name (@NAME or NAME).") var name: String

    func run() throws {
        try CLI.run {
            let bare = name.hasPrefix("@") ? String(name.dropFirst()) : name
            let (vault, server) = try options.openWithServer()
            guard let accepted = try vault.state.shares()[bare] else {
                throw CLIFailure(
                    "no accepted share is called @\(ErrorPresenter.escaped(bare))",
                    hint: "coffer vault shares lists them")
            }
            if let server {
                let owner = try IdentityBundle(text: accepted.owner).accountID
                try server.removeMember(owner: owner, member: vault.accountID, folder: try NodeID(hex: accepted.folder))
            }
            try vault.leave(bare)
            CLI.note("left @\(ErrorPresenter.escaped(bare)); the owner removes you for good with coffer vault unshare")
        }
    }
}
