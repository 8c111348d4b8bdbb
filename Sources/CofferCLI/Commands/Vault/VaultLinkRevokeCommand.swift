// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

/// `coffer vault link revoke`: deletes a folder link's record, optionally starting a new key epoch.
struct VaultLinkRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Delete a folder link; with --rekey also start a new key epoch for the folder.",
        discussion: """
            Deleting the record stops honest servers from serving the link, but a server may keep the bytes and
            serve them anyway. --rekey gives the folder (and the folders below it) a new key epoch, as removing a
            member does: files added afterwards are out of the link's reach. What the link could read before, its
            holders may have kept.

            Examples:
              coffer vault link revoke DH4MKE3hXKSeEkrSwIK35Q --passphrase-file pass.txt
              coffer vault link revoke DH4MKE3hXKSeEkrSwIK35Q --rekey --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(
        help: ArgumentHelp(
            "The link's lookup id (the last path segment of the link, as `link list` shows it).",
            discussion: "One that starts with '-' goes after '--': coffer vault link revoke [options] -- -wSqU…"))
    var lookupID: String
    @Flag(help: "Also rotate the folder's key (a new epoch).") var rekey = false

    func run() throws {
        try LinkCLI.run {
            let id = try LinkLookupID(urlText: lookupID)
            let epoch = try options.open().revokeLink(id, rekey: rekey)
            CLI.note(
                "revoked link \(lookupID)" + (rekey ? "; the folder is now at key epoch \(epoch)" : ""))
        }
    }
}
