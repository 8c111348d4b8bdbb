// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer account passwd`: a new passphrase; only the master-key wrap changes.
struct AccountPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Change the passphrase (re-wraps the master key; no data is re-encrypted).",
        discussion: """
            The new passphrase must have \(PassphraseStrength.rule), and must differ from the current one.

            Examples:
              coffer account passwd
              coffer account passwd --passphrase-file old.txt --new-passphrase-file new.txt --profile sensitive
            """
    )

    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection
    @OptionGroup var kdfOptions: KDFOptions

    @Option(help: ArgumentHelp("Read the current passphrase from this file.", valueName: "file"))
    var passphraseFile: String?

    @Option(help: ArgumentHelp("Read the new passphrase from this file.", valueName: "file"))
    var newPassphraseFile: String?

    func validate() throws {
        try OptionChecks.oneStdinReader(
            [("--passphrase-file", passphraseFile), ("--new-passphrase-file", newPassphraseFile)])
    }

    func run() throws {
        try CLI.run {
            let service = try storage.service()
            let id = try selection.resolve(in: service)
            let kdf = try kdfOptions.parameters()
            let current = try Passphrase.read(file: passphraseFile, prompt: "Current passphrase")
            let new = try Passphrase.read(
                file: newPassphraseFile, kind: .newPassphrase, prompt: "New passphrase", confirm: true)
            try PassphraseStrength.check(new)
            try PassphraseStrength.checkChanged(current: current, new: new)
            // On a server, the new records are signed with the account's key: one more unlock to get it.
            let writer = try storage.signed(service) {
                try service.unlock(id, password: Password(current)).identity.signing
            }
            let account = try writer.changePassword(id, current: Password(current), new: Password(new), kdf: kdf)
            CLI.note(
                "passphrase changed for account \(account.accountID.hex) (revision \(account.record.revision))")
        }
    }
}
