// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer vault link …`: read-only links to vault folders, opened without an account.
struct VaultLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Make, list, revoke and open read-only links to folders of your vault.",
        discussion: """
            A folder link carries its secret in the URL fragment; the vault stores only its signed envelope (record
            link-<hex lookup id>). Whoever has the link and the vault directory reads the folder and everything
            below it, without an account; every record is still verified against the owner's signatures.

            Exit codes: 0 success; 1 refused or failed; 64 usage.

            Examples:
              coffer vault link create /team --expires 7d --passphrase-file pass.txt > link.txt
              coffer vault link list --passphrase-file pass.txt
              coffer vault link open --link-file link.txt --vault /srv/vault ls
              coffer vault link revoke DH4MKE3hXKSeEkrSwIK35Q --rekey --passphrase-file pass.txt
            """,
        subcommands: [
            VaultLinkCreateCommand.self, VaultLinkListCommand.self, VaultLinkRevokeCommand.self,
            VaultLinkOpenCommand.self,
        ]
    )
}
