// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Unlocking with a master key held by the `coffer agent` (Spec/agent.md §5) instead of the passphrase.
///
/// Every check that needs no passphrase runs as in a passphrase unlock (Spec/accounts.md §9.2 steps 1–5, 7–8:
/// structure, ids, signatures, the device's high-water mark, the KDF policy); only the KDF, the verifier and the
/// password wrap are skipped. The identity secrets must then open under
/// `crypto_kdf(masterKey, …)` and re-derive the bundle's public keys, so a master key that is not this account's,
/// or records that are not this master key's, are refused exactly as tampering is.
extension AccountKeyring {
    package func unlock(
        _ records: AccountRecordSet, masterKey: MasterKey, authentication: AuthenticationSecret,
        expectedAccountID: AccountID, minimumRevision: UInt64
    ) throws(KeysError) -> UnlockedAccount {
        let parsed = try verifiedRecords(
            records, expectedAccountID: expectedAccountID, minimumRevision: minimumRevision)
        try policy.check(parsed.record.kdf)
        let identity = try parsed.secrets.open(
            with: IdentitySecretsRecord.key(from: masterKey), expecting: parsed.bundle.keys)
        return UnlockedAccount(
            accountID: parsed.bundle.accountID, masterKey: masterKey, identity: identity, bundle: parsed.bundle,
            record: parsed.record,
            loginCredential: PasswordDerivedLogin(
                accountID: parsed.bundle.accountID, authenticationSecret: authentication)
        )
    }
}

extension AccountService {
    /// `unlock(_:password:)` with the master key and login secret a `coffer agent` holds: the same record checks
    /// and high-water mark, no KDF.
    package func unlock(
        _ accountID: AccountID, masterKey: MasterKey, authentication: AuthenticationSecret
    ) throws(KeysError) -> UnlockedAccount {
        let account = try keyring.unlock(
            store.accountRecords(accountID), masterKey: masterKey, authentication: authentication,
            expectedAccountID: accountID, minimumRevision: device.highWaterMark(for: accountID)
        )
        try device.raiseHighWaterMark(for: accountID, to: account.record.revision)
        return account
    }
}
