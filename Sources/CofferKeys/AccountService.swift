// SPDX-License-Identifier: MIT

/// The account operations against a `RecordStore` and this device's state: `AccountKeyring` plus loading,
/// saving and the high-water mark (a record older than one this device accepted is `rollbackDetected`).
public struct AccountService: Sendable {
    package let store: any RecordStore
    package let device: DeviceState
    package var keyring: AccountKeyring

    /// Accounts kept in `store`, with this device's rollback marks in `device`, the KDF costs of their records
    /// checked against the standard policy and their passwords stretched with Argon2id.
    public init(store: DirectoryRecordStore, device: DeviceState) {
        self.init(store: store, device: device, keyring: AccountKeyring())
    }

    /// `init(store:device:)` on any of the package's account stores (a `coffer serve` server, a test's).
    package init(store: any RecordStore, device: DeviceState) {
        self.init(store: store, device: device, keyring: AccountKeyring())
    }

    /// `init(store:device:)` with another `keyring` (tests and vectors: a lax policy, a counting hasher).
    package init(store: any RecordStore, device: DeviceState, keyring: AccountKeyring) {
        self.store = store
        self.device = device
        self.keyring = keyring
    }

    /// Creates an account, stores its records and returns it with the recovery key (shown to the user once). With
    /// `postQuantum` (the default) the account has an MLKEM768-X25519 key that contacts' shares are wrapped to.
    public func create(
        password: Password, kdf: KDFParameters, postQuantum: Bool = true
    ) throws(KeysError) -> (UnlockedAccount, RecoveryKey) {
        let (records, account, recoveryKey) = try keyring.create(password: password, kdf: kdf, postQuantum: postQuantum)
        try store.putAccountRecords(records, for: account.accountID)
        try device.raiseHighWaterMark(for: account.accountID, to: account.record.revision)
        return (account, recoveryKey)
    }

    /// Unlocks `accountID` with its password.
    public func unlock(_ accountID: AccountID, password: Password) throws(KeysError) -> UnlockedAccount {
        let account = try keyring.unlock(
            store.accountRecords(accountID), password: password, expectedAccountID: accountID,
            minimumRevision: device.highWaterMark(for: accountID)
        )
        try device.raiseHighWaterMark(for: accountID, to: account.record.revision)
        return account
    }

    /// Changes the password: unlock with `current`, re-wrap the master key under `new`. No data is re-encrypted.
    public func changePassword(
        _ accountID: AccountID, current: Password, new: Password, kdf: KDFParameters
    ) throws(KeysError) -> UnlockedAccount {
        let (records, account) = try keyring.changePassword(of: unlock(accountID, password: current), to: new, kdf: kdf)
        return try save(records, account)
    }

    /// Sets a new password from the recovery key. No data is re-encrypted.
    public func recover(
        _ accountID: AccountID, recoveryKey: RecoveryKey, newPassword: Password, kdf: KDFParameters
    ) throws(KeysError) -> UnlockedAccount {
        let (records, account) = try keyring.recover(
            store.accountRecords(accountID), recoveryKey: recoveryKey, newPassword: newPassword, kdf: kdf,
            expectedAccountID: accountID, minimumRevision: device.highWaterMark(for: accountID)
        )
        return try save(records, account)
    }

    /// The account's verified public bundle (no password needed): the id vouches for the signing key, and the
    /// account record — signed, not older than this device's mark — for the bundle's version, so a bundle from
    /// before the account gained its post-quantum key is refused (`postQuantumKeyMissing`).
    public func bundle(_ accountID: AccountID) throws(KeysError) -> IdentityBundle {
        let bundle = try IdentityBundle(encoded: store.get(.bundle(accountID)))
        guard bundle.accountID == accountID else {
            throw .accountIDMismatch(expected: accountID.hex, actual: bundle.accountID.hex)
        }
        let record = try AccountRecord(encoded: store.get(.account(accountID)))
        try record.verify(against: bundle)
        let mark = try device.highWaterMark(for: accountID)
        guard record.revision >= mark else {
            throw .rollbackDetected(kind: AccountRecord.kind, seen: mark, presented: record.revision)
        }
        return bundle
    }

    /// The account to use when none is named: the only one this device knows (the store's listing is not
    /// trusted for that when the device has an answer), else the only one in the store.
    package func defaultAccount() throws(KeysError) -> AccountID {
        let known = try device.knownAccounts()
        if known.count == 1 { return known[0] }
        let ids = try store.accountIDs()
        guard ids.count == 1 else {
            throw .notFound(
                ids.isEmpty ? "account (the store holds none)" : "a single account (the store holds \(ids.count))")
        }
        return ids[0]
    }

    private func save(_ records: AccountRecordSet, _ account: UnlockedAccount) throws(KeysError) -> UnlockedAccount {
        try store.putAccountRecords(records, for: account.accountID)
        try device.raiseHighWaterMark(for: account.accountID, to: account.record.revision)
        return account
    }
}
