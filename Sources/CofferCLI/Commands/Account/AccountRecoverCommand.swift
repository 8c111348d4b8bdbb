// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer account recover`: open the account with the recovery key and set a new passphrase.
struct AccountRecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Set a new passphrase using the recovery key (no data is re-encrypted).",
        discussion: """
            The recovery key is read from --recovery-key-file or typed at the terminal (spaces and case do not
            matter). A typo is reported as such; a valid key of another account as a wrong recovery key.
            The new passphrase must have \(PassphraseStrength.rule).

            Examples:
              coffer account recover
              coffer account recover --recovery-key-file recovery.txt --new-passphrase-file new.txt
            """
    )

    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection
    @OptionGroup var kdfOptions: KDFOptions

    @Option(help: ArgumentHelp("Read the recovery key from this file (- for stdin).", valueName: "file"))
    var recoveryKeyFile: String?

    @Option(help: ArgumentHelp("Read the new passphrase from this file.", valueName: "file"))
    var newPassphraseFile: String?

    func validate() throws {
        try OptionChecks.oneStdinReader(
            [("--recovery-key-file", recoveryKeyFile), ("--new-passphrase-file", newPassphraseFile)])
    }

    func run() throws {
        try CLI.run {
            let service = try storage.service()
            let id = try selection.resolve(in: service)
            let kdf = try kdfOptions.parameters()
            let written = try Passphrase.read(file: recoveryKeyFile, kind: .recoveryKey, prompt: "Recovery key")
            let recoveryKey = try RecoveryKey(writtenForm: String(decoding: written.revealedBytes(), as: UTF8.self))
            let new = try Passphrase.read(
                file: newPassphraseFile, kind: .newPassphrase, prompt: "New passphrase", confirm: true)
            try PassphraseStrength.check(new)
            // On a server, the new records are signed with the account's key, which the recovery key unlocks.
            let writer = try storage.signed(service) {
                try service.keyring.recover(
                    service.store.accountRecords(id), recoveryKey: recoveryKey, newPassword: Password(new), kdf: kdf,
                    expectedAccountID: id, minimumRevision: service.device.highWaterMark(for: id)
                ).account.identity.signing
            }
            let account = try writer.recover(id, recoveryKey: recoveryKey, newPassword: Password(new), kdf: kdf)
            CLI.note(
                "new passphrase set for account \(account.accountID.hex) (revision \(account.record.revision))")
        }
    }
}
