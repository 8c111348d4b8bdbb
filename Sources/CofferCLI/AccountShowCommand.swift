// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer account show`: the verified public bundle and its fingerprint (no passphrase needed).
struct AccountShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the account's public identity bundle and fingerprint.",
        discussion: """
            Give the bundle to people who want to share with you; read the fingerprint to them out of band.

            Examples:
              coffer account show
              coffer account show --account 0123456789abcdef0123456789abcdef
            """
    )

    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection

    func run() throws {
        try CLI.run {
            let service = try storage.service()
            let bundle = try service.bundle(selection.resolve(in: service))
            try StandardOutput.write(
                "account \(bundle.accountID.hex)\nbundle \(bundle.text)\nfingerprint \(bundle.fingerprint)\n")
        }
    }
}
