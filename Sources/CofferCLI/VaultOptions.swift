// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing
import Foundation

/// What every `coffer vault` subcommand needs: the account (`--store`, `--device`, `--account`), its passphrase
/// (`--passphrase-file` or the terminal) and the vault directory on the storage side (`--vault`; default
/// $COFFER_VAULT, else the account store itself — two accounts may share one vault directory).
struct VaultOptions: ParsableArguments {
    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection

    @Option(
        name: .customLong("vault"),
        help: ArgumentHelp(
            "Vault directory on the storage side (default: $COFFER_VAULT, else --store).", valueName: "dir"))
    var vault: String?

    @Option(help: ArgumentHelp("Read the passphrase from this file (- for stdin).", valueName: "file"))
    var passphraseFile: String?

    /// Unlocks the account and opens the vault.
    func open() throws -> Vault {
        let service = try storage.service()
        let id = try selection.resolve(in: service)
        let password = try Passphrase.read(file: passphraseFile, prompt: "Passphrase")
        let directory =
            vault ?? ProcessInfo.processInfo.environment["COFFER_VAULT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? storage.store ?? StorageOptions.defaultDirectory("COFFER_STORE", "store")
        let store = try VaultDirectoryStore(directory: URL(fileURLWithPath: directory))
        return try Vault.open(
            accountStore: service.store, vaultStore: store, device: service.device, accountID: id,
            password: Password(password))
    }
}

/// A vault path argument (`/a/b`, or `@share/a/b` inside an accepted share).
func vaultPath(_ text: String) throws -> VaultPath { try VaultPath(text) }
