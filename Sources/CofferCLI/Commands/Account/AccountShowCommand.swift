// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer account show`: the account's public bundle and fingerprint, from a verified source only.
struct AccountShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the account's public identity bundle and fingerprint.",
        discussion: """
            Give the bundle to people who want to share with you; read the fingerprint to them out of band.

            The fingerprint is only worth comparing if it is really yours, so it is printed only from a verified \
            source. On a device that created or unlocked the account, the account id it remembers vouches for the \
            bundle (the id is a hash of the bundle's signing key) and no passphrase is needed. On any other device \
            the storage side could serve a whole, self-consistent account of its own making, so `account show` \
            first unlocks the account: it asks for the passphrase on the terminal, or reads --passphrase-file. \
            Without either it refuses, saying the identity is unverified. Once unlocked here, the device remembers \
            the account and later runs need no passphrase.

            Prints three lines: "account ID", "bundle coffer-identity1…", "fingerprint …". With --bundle only the \
            bundle, on one line: what coffer contact add takes as is (as an argument or with --bundle-file). With \
            --json one JSON object (schema 1, Spec/cli-json.md) with account, bundle and fingerprint.

            Exit codes: 0 success; 1 failure or an identity that could not be verified; 64 usage error.

            Examples:
              coffer account show
              coffer account show --bundle > my-bundle.txt       # send this file to people who share with you
              coffer account show --json
              coffer account show --account 0123456789abcdef0123456789abcdef
              coffer account show --passphrase-file pass.txt    # on a new device
            """
    )

    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection

    @Option(
        help: ArgumentHelp(
            "On a device that has not unlocked the account: read its passphrase from this file (- for stdin).",
            valueName: "file"))
    var passphraseFile: String?

    @Flag(help: "Print only the bundle, as coffer contact add takes it.") var bundle = false
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md).") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        let schema = JSONOutput.schema
        let command = "account show"
        let account: String
        let bundle: String
        let fingerprint: String
    }

    func validate() throws {
        if bundle && json { throw ValidationError("use --bundle or --json, not both") }
    }

    func run() throws {
        try CLI.run {
            let service = try storage.service()
            let id = try selection.resolve(in: service)
            let identity: IdentityBundle
            if try service.device.knownAccounts().contains(id) {
                identity = try service.bundle(id)
            } else if passphraseFile != nil || CLI.isTerminal(0) {
                if passphraseFile == nil {
                    CLI.note("this device has not unlocked account \(id.hex) yet: unlocking it to verify its identity")
                }
                let password = try Passphrase.read(file: passphraseFile, prompt: "Passphrase")
                identity = try service.unlock(id, password: Password(password)).bundle
            } else {
                throw CLIFailure(
                    message: "the identity of account \(id.hex) is unverified: this device has never unlocked it, "
                        + "and the storage side could have substituted it",
                    hints: [
                        "verify it by unlocking it here: coffer account show --passphrase-file FILE (or on a terminal)",
                        "or ask the account's owner to read you the fingerprint from a device they use",
                    ])
            }
            if bundle { return try StandardOutput.write(identity.text + "\n") }
            if json {
                return try JSONOutput.write(
                    Document(
                        account: identity.accountID.hex, bundle: identity.text,
                        fingerprint: "\(identity.fingerprint)"))
            }
            try StandardOutput.write(
                "account \(identity.accountID.hex)\nbundle \(identity.text)\nfingerprint \(identity.fingerprint)\n")
        }
    }
}
