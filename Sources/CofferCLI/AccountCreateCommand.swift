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
            --recovery-key-file, which must not exist yet): write it down; it is the only way back in without the
            passphrase.

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

    func run() throws {
        try CLI.run {
            if let recoveryKeyFile, FileManager.default.fileExists(atPath: recoveryKeyFile) {
                throw CLIFailure("\(recoveryKeyFile) already exists; refusing to overwrite it")
            }
            let kdf = try kdfOptions.parameters()
            let password = try Passphrase.read(file: passphraseFile, prompt: "New passphrase", confirm: true)
            let service = try storage.service()
            let (account, recoveryKey) = try service.create(password: Password(password), kdf: kdf)
            if let recoveryKeyFile {
                try RecoveryKeyFile.write(recoveryKey, to: recoveryKeyFile)
                CLI.note("recovery key written to \(recoveryKeyFile); keep it offline, apart from your passphrase")
            } else {
                FileHandle.standardError.write(
                    Data(
                        """
                        coffer: this is your recovery key. It is shown ONCE. Write it down and keep it safe:
                        anyone with it can take over the account; without it and the passphrase, nothing is recoverable.

                            \(recoveryKey.writtenForm)

                        """.utf8))
            }
            CLI.note("created account \(account.accountID.hex), fingerprint \(account.fingerprint)")
            print(account.accountID.hex)
        }
    }
}

/// The recovery key written to a new file: created exclusively with mode 0600, never overwriting.
enum RecoveryKeyFile {
    static func write(_ key: RecoveryKey, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw CLIFailure("cannot create \(path): \(SystemErrorText.describe(errno))") }
        let bytes = Array((key.writtenForm + "\n").utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(path)
            throw CLIFailure("cannot write \(path)")
        }
    }
}
