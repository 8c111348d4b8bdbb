// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer account …`: create an account, unlock it, change its password, recover it, show its public bundle, add a
/// post-quantum key.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Create and manage the account that holds your keys.",
        discussion: """
            An account is three records on the storage side (--store: public bundle, key record, encrypted identity
            secrets) and this device's state (--device: high-water marks and contact pins). The password never
            leaves this machine; the storage side sees only ciphertext and public keys.

            Exit codes: 0 success; 1 refused or failed (the message says why: wrong passphrase, tampered record,
            KDF parameters outside the policy, …); 64 usage error.
            """,
        subcommands: [
            AccountCreateCommand.self, AccountUnlockCommand.self, AccountPasswdCommand.self, AccountRecoverCommand.self,
            AccountShowCommand.self, AccountAddPQCommand.self,
        ]
    )
}
