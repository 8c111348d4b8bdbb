// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Adding a post-quantum key to an account created without one (Spec/accounts.md §9.6).
///
/// The X25519 and Ed25519 keys, the account id, the fingerprint, the master key and both wraps stay; the identity
/// secrets gain the hybrid seed (version 2), the bundle publishes its public key (version 2, signed), and the
/// account record is re-signed as version 2 at the next revision, so this device and every device that sees the
/// new revision refuses the older bundle (`postQuantumKeyMissing`, or `rollbackDetected` for the older record).
extension AccountKeyring {
    /// The records of `account` with a hybrid key: a fresh one, or — when an earlier upgrade stopped after the
    /// bundle — the one it already published, so re-running the upgrade completes it.
    package func addingPostQuantumKey(
        to account: UnlockedAccount, hybridSeed: SecretBytes = .random(count: MLKEM768X25519.seedByteCount),
        nonce: [UInt8] = SecureRandom.bytes(count: 24)
    ) throws(KeysError) -> (records: AccountRecordSet, account: UnlockedAccount) {
        let identity =
            try account.identity.hybrid == nil
            ? account.identity.adding(hybridSeed: hybridSeed)
            : account.identity
        let old = account.record
        let record = AccountRecord(
            signedBy: identity, revision: old.revision + 1, kdf: old.kdf, passwordVerifier: old.passwordVerifier,
            passwordWrap: old.passwordWrap, recoveryVerifier: old.recoveryVerifier, recoveryWrap: old.recoveryWrap)
        let bundle = IdentityBundle(signedBy: identity)
        let secrets = IdentitySecretsRecord.seal(
            identity, under: IdentitySecretsRecord.key(from: account.masterKey), nonce: nonce)
        let records = AccountRecordSet(
            bundle: bundle.encoded, account: record.encoded, identitySecrets: secrets.encoded)
        let upgraded = UnlockedAccount(
            accountID: account.accountID, masterKey: account.masterKey, identity: identity, bundle: bundle,
            record: record, loginCredential: account.loginCredential)
        return (records, upgraded)
    }
}

extension AccountService {
    /// What `addPostQuantumKey` did.
    package enum UpgradeOutcome: Sendable, Equatable {
        /// The account now has a post-quantum key (records written at the new revision).
        case added
        /// The account already had one, in every record; nothing was written.
        case alreadyPresent
    }

    /// Unlocks `accountID` with its password and gives it a post-quantum key, unless its records already carry
    /// one. Writes the identity secrets, then the bundle, then the account record.
    package func addPostQuantumKey(
        _ accountID: AccountID, password: Password
    ) throws(KeysError) -> (UnlockedAccount, UpgradeOutcome) {
        let account = try unlock(accountID, password: password)
        if account.identity.hybrid != nil, account.record.version == RecordHeader.versionTwo {
            return (account, .alreadyPresent)
        }
        let (records, upgraded) = try keyring.addingPostQuantumKey(to: account)
        try store.putAccountRecords(records, for: accountID)
        try device.raiseHighWaterMark(for: accountID, to: upgraded.record.revision)
        return (upgraded, .added)
    }
}
