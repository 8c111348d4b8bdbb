// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation

/// `coffer vault where`: where the account store, this device's state and the vault are, and why there.
struct VaultWhereCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "where",
        abstract: "Print where the account store, this device's state and the vault are (and what chose each).",
        discussion: """
            Prints three lines, "store PATH (SOURCE)", "device PATH (SOURCE)" and "vault PATH (SOURCE)". Each \
            comes from its flag (--store, --device, --vault), else its environment variable ($COFFER_STORE, \
            $COFFER_DEVICE, $COFFER_VAULT), else the XDG data directory: $XDG_DATA_HOME/coffer/store and \
            $XDG_DATA_HOME/coffer/device, with ~/.local/share when $XDG_DATA_HOME is unset; the vault defaults to \
            the store. Nothing is read or created, and no passphrase is needed. The device directory holds this \
            device's secrets (keep it private, back it up); the store and the vault hold only encrypted records.

            Examples:
              coffer vault where
              COFFER_STORE=/srv/coffer coffer vault where
            """
    )

    @OptionGroup var storage: StorageOptions

    @Option(
        help: ArgumentHelp(
            "The vault directory or server record space (default: $COFFER_VAULT, else the store).",
            valueName: "dir|name"))
    var vault: String?

    func run() throws {
        try CLI.run {
            let environment = ProcessInfo.processInfo.environment
            var store = StorageOptions.defaultLocation("COFFER_STORE", "store")
            if let flag = storage.store { store = (flag, "--store") }
            var device = StorageOptions.defaultLocation("COFFER_DEVICE", "device")
            if let flag = storage.device { device = (flag, "--device") }
            var place = (path: store.path, source: "the store")
            if let vault {
                place = (vault, "--vault")
            } else if let named = environment["COFFER_VAULT"], !named.isEmpty {
                place = (named, "$COFFER_VAULT")
            } else if try storage.server() != nil {
                place = (StorageOptions.defaultRemoteVault, "the server's default record space")
            }
            var lines = ""
            for (name, value) in [("store", store), ("device", device), ("vault", place)] {
                lines += "\(name) \(ErrorPresenter.escaped(value.path)) (\(value.source))\n"
            }
            try StandardOutput.write(lines)
        }
    }
}
