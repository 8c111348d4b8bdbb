// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer vault …`: files and folders kept encrypted with an untrusted storage provider, shared with people.
struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Keep files and folders encrypted with a storage provider you do not trust; share them with people.",
        discussion: """
            Paths are /a/b in your own tree, or @name/a/b inside a folder someone shared with you and you accepted
            as `name`. Every read is verified (signatures, listings, rollback marks, content commitments); a
            refused read prints what the storage side did and writes nothing. Where the account store, this
            device's state and the vault are: coffer vault where.

            Exit codes: 0 success; 1 refused (tampered, rolled back, not shared with you…) or failed; 64 usage.

            Examples:
              coffer vault init --passphrase-file pass.txt
              coffer vault put report.pdf /work/report.pdf --passphrase-file pass.txt
              coffer vault share /work --with bob --passphrase-file pass.txt
              coffer vault export /work --to age1… -o exported/ --passphrase-file pass.txt
            """,
        subcommands: [
            VaultInitCommand.self, VaultPutCommand.self, VaultGetCommand.self, VaultLsCommand.self,
            VaultMkdirCommand.self, VaultMvCommand.self, VaultRmCommand.self, VaultLogCommand.self,
            VaultRestoreCommand.self, VaultTrashCommand.self, VaultShareCommand.self,
            VaultUnshareCommand.self, VaultAcceptCommand.self, VaultSharesCommand.self, VaultMembersCommand.self,
            VaultLeaveCommand.self, VaultVerifyCommand.self, VaultExportCommand.self,
            VaultLinkCommand.self, VaultRepairCommand.self, VaultGcCommand.self, VaultWhereCommand.self,
        ]
    )
}
