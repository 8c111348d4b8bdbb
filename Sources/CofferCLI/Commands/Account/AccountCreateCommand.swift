// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferPrimitives
import Foundation

/// `coffer account create`: a new account; prints its id on stdout and the recovery key once.
struct AccountCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account protected by a passphrase, and show its recovery key once.",
        discussion: """
            Prints the account id on stdout. The recovery key is printed once on stderr (or written to
            --recovery-key-file, which must not exist yet, with mode 0600; when that file cannot be written after
            the account was created, the key is printed on stderr instead): write it down; it is the only way back
            in without the passphrase.

            The account gets a post-quantum key (MLKEM768-X25519, as age's age1pq recipients) beside its X25519 and
            Ed25519 keys: folders shared with it are wrapped to that key, so a stored share record stays closed to a
            future quantum computer. It makes the public bundle 1,365 bytes instead of 149 and each share record
            about 1 KiB larger. --classical creates an account without one (`coffer account add-pq` adds it later).

            The passphrase must have \(PassphraseStrength.rule); several random words are best.

            Examples:
              coffer account create
              coffer account create --passphrase-file pass.txt --recovery-key-file recovery.txt
              coffer account create --profile sensitive --store /srv/coffer --device ~/.coffer-device
            """
    )

    @OptionGroup var storage: StorageOptions
    @OptionGroup var kdfOptions: KDFOptions

    @Option(
        help: ArgumentHelp(
            "Read the passphrase from this file (- for stdin) instead of the terminal.", valueName: "file"))
    var passphraseFile: String?

    @Option(
        help: ArgumentHelp("Write the recovery key to this new file (mode 0600) instead of stderr.", valueName: "file"))
    var recoveryKeyFile: String?

    @Flag(help: "Create the account without a post-quantum key (only X25519 and Ed25519).")
    var classical = false

    func run() throws {
        try CLI.run {
            // The recovery key file is prepared (a temporary file beside it) before the account exists, so a bad
            // path fails before anything is stored.
            let keyFile = try recoveryKeyFile.map {
                try OutputDestination(path: $0, secret: true, neverOverwrite: true)
            }
            let kdf = try kdfOptions.parameters()
            let password = try Passphrase.read(file: passphraseFile, prompt: "New passphrase", confirm: true)
            try PassphraseStrength.check(password)
            let service = try storage.service()
            let (account, recoveryKey) = try service.create(
                password: Password(password), kdf: kdf, postQuantum: !classical)
            if let keyFile, let recoveryKeyFile {
                do {
                    try keyFile.sink.write(Array((recoveryKey.writtenForm + "\n").utf8))
                    try keyFile.commit()
                    CLI.note("recovery key written to \(recoveryKeyFile); keep it offline, apart from your passphrase")
                } catch {
                    // The account exists: the key must not be lost with the file.
                    let failure = CLIFailure(error, addingHint: "the recovery key follows on stderr instead")
                    CLI.printError(failure.message, hints: failure.hints)
                    try Self.showRecoveryKey(recoveryKey)
                    throw ExitCode(CofferExit.failure)
                }
            } else {
                try Self.showRecoveryKey(recoveryKey)
            }
            CLI.note("created account \(account.accountID.hex), fingerprint \(account.fingerprint)")
            try StandardOutput.write(account.accountID.hex + "\n")
        }
    }

    /// The recovery key on stderr; a failed write is an error (exit 1), not ignored as other stderr text is.
    static func showRecoveryKey(_ key: RecoveryKey) throws {
        try StandardError.writeSecret(
            """
            coffer: this is your recovery key. It is shown ONCE. Write it down and keep it safe:
            anyone with it can take over the account; without it and the passphrase, nothing is recoverable.

                \(key.writtenForm)

            """)
    }
}
