// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer account unlock`: checks the passphrase and every record; prints the account's public check values.
struct AccountUnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Unlock the account: verify the passphrase and every record the storage side returns.",
        discussion: """
            Prints the account id, the record revision and the master-key check value (a public value that stays
            the same across passphrase changes and recoveries). Refuses tampered, rolled-back or downgraded records.

            Examples:
              coffer account unlock
              coffer account unlock --account 0123456789abcdef0123456789abcdef --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: AccountPassphraseOptions

    func run() throws {
        try CLI.run {
            let account = try options.unlock()
            try StandardOutput.write(
                "account \(account.accountID.hex)\nrevision \(account.record.revision)\n"
                    + "master-key-check \(account.masterKeyCheck)\n")
        }
    }
}
