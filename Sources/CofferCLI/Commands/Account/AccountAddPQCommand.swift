// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys

/// `coffer account add-pq`: gives an account created without one a post-quantum (MLKEM768-X25519) key.
struct AccountAddPQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-pq",
        abstract: "Add a post-quantum key to an account created without one.",
        discussion: """
            New accounts have a post-quantum key (MLKEM768-X25519, the key of age's age1pq recipients) unless \
            created with --classical. This command adds one to an older account: the identity secrets gain it, the \
            bundle publishes it (version 2, signed), and the account record is re-signed at the next revision, so \
            a storage side that later serves the bundle without it is caught. The account id, the fingerprint, \
            the passphrase and the recovery key do not change, and no data is re-encrypted.

            Then give contacts the new bundle (`coffer account show`): `coffer contact add` upgrades their pin in \
            place, and folders shared with you again from then on are wrapped to the post-quantum key. Running \
            the command again on an account that has the key changes nothing; after an interrupted run it \
            completes the upgrade.

            Exit codes: 0 success (added, or already present); 1 refused or failed; 64 usage error.

            Examples:
              coffer account add-pq
              coffer account add-pq --account 0123456789abcdef0123456789abcdef --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: AccountPassphraseOptions

    func run() throws {
        try CLI.run {
            let (service, id, password) = try options.resolve()
            let (account, outcome) = try service.addPostQuantumKey(id, password: password)
            switch outcome {
            case .added:
                CLI.note(
                    "account \(id.hex) now has a post-quantum key (revision \(account.record.revision)); "
                        + "give contacts the new bundle from `coffer account show`")
            case .alreadyPresent:
                CLI.note("account \(id.hex) already has a post-quantum key; nothing was written")
            }
            try StandardOutput.write("account \(account.accountID.hex)\nbundle \(account.bundle.text)\n")
        }
    }
}
