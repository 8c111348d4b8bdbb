// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// What a command that opens one account with its passphrase takes: `--store`/`--device`, `--account` and
/// `--passphrase-file` (without it, the passphrase is asked for on the terminal).
struct AccountPassphraseOptions: ParsableArguments {
    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection

    @Option(help: ArgumentHelp("Read the passphrase from this file (- for stdin).", valueName: "file"))
    var passphraseFile: String?

    /// The account service, the selected account and its passphrase, in that order (the passphrase is read only
    /// once the account is known to exist, so a wrong `--account` costs no prompt).
    func resolve() throws -> (service: AccountService, id: AccountID, password: Password) {
        let service = try storage.service()
        let id = try selection.resolve(in: service)
        let password = try Passphrase.read(file: passphraseFile, prompt: "Passphrase")
        return (service, id, Password(password))
    }

    /// The selected account, unlocked: every record checked (`AccountService.unlock`).
    func unlock() throws -> UnlockedAccount {
        let (service, id, password) = try resolve()
        return try service.unlock(id, password: password)
    }
}
