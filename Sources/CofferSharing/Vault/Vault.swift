// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// One account's view of a vault: its unlocked keys, the storage side (hostile) and this device's memory
/// (high-water marks, pins, accepted shares). Every read re-verifies from the root of trust down — the account's
/// master key for its own tree, a verified contact's signed share for a shared folder — and every write is signed.
///
/// Paths: `/a/b` in the account's own tree; `@name/a/b` in the folder accepted as `name`.
public struct Vault: Sendable {
    package let account: UnlockedAccount
    package let storage: VaultStorage
    package let state: VaultDeviceState
    package let pins: PinStore
    /// Counts public-key operations (tests and benchmarks; see `VaultOperationCounter`).
    package let counter: VaultOperationCounter
    let signer: VaultSigner
    /// How this writer cuts listings into chunks (`standard`; tests cut finer).
    var listingShape = ListingShape.standard
    /// How many versions of a file a write keeps: the new one and up to `keptVersions - 1` earlier ones (Spec/vault.md
    /// §4.1), 1…`maximumKeptVersions`.
    package var keptVersions = Vault.defaultKeptVersions

    package init(
        account: UnlockedAccount, store: any VaultRecordStore, device: DeviceState,
        counter: VaultOperationCounter = VaultOperationCounter()
    ) {
        self.account = account
        storage = VaultStorage(records: store)
        state = VaultDeviceState(device: device, account: account.accountID)
        pins = PinStore(device: device)
        self.counter = counter
        signer = VaultSigner(identity: account.identity, counter: counter)
    }

    /// Unlocks `accountID` (every account-layer check: signatures, rollback, KDF floor and cap before the KDF) and
    /// opens the vault in `vaultStore`. Account errors have the code `.account` (`accountError` says which: a wrong
    /// password is `KeysError.Code.wrongPassword`).
    public static func open(
        accountStore: DirectoryRecordStore, vaultStore: VaultStore, device: DeviceState, accountID: AccountID,
        password: Password
    ) throws(VaultError) -> Vault {
        try open(
            accountStore: accountStore as any RecordStore, vaultStore: vaultStore, device: device,
            accountID: accountID, password: password)
    }

    /// `open(accountStore:vaultStore:device:accountID:password:)` with accounts in any of the package's account
    /// stores (a `coffer serve` server, a test's).
    package static func open(
        accountStore: any RecordStore, vaultStore: VaultStore, device: DeviceState, accountID: AccountID,
        password: Password
    ) throws(VaultError) -> Vault {
        try open(
            accountStore: accountStore, vaultStore: vaultStore.records, device: device, accountID: accountID,
            password: password, counter: VaultOperationCounter())
    }

    /// `open` on one of the package's stores, counting public-key operations in `counter` (tests, benchmarks).
    package static func open(
        accountStore: any RecordStore, vaultStore: any VaultRecordStore, device: DeviceState, accountID: AccountID,
        password: Password, counter: VaultOperationCounter = VaultOperationCounter()
    ) throws(VaultError) -> Vault {
        do {
            let account = try AccountService(store: accountStore, device: device).unlock(accountID, password: password)
            return Vault(account: account, store: vaultStore, device: device, counter: counter)
        } catch {
            throw .account(error)
        }
    }

    /// The account that opened the vault; its tree is the `/` of every `VaultPath`.
    public var accountID: AccountID { account.accountID }
    package var rootID: NodeID { NodeID.root(of: accountID) }

    /// `crypto_kdf(masterKey, id 1, "coffervr")`: wraps the root folder's keys; the "epoch 0" of the root's parent.
    var rootParentKeys: EpochKeys {
        let key = account.masterKey.subkey(VaultSubkeyContext.root)
        return EpochKeys(folder: .zero, keys: [0: FolderKey(validated: key.secret)], latest: 0)
    }

    /// The account's own keys as a writer set.
    var ownWriters: VaultWriters { VaultWriters([account.identity.publicKeys]) }

    /// Creates the account's root folder (keyring and empty listing), create-only (Spec/vault.md §10.2): refuses
    /// when any record of the root exists, or this device has seen the root before (then the storage side withholds
    /// it, and a new root would replace the account's tree). The keyring is created first and the listing second,
    /// each with create-if-absent, so two concurrent inits cannot both succeed.
    public func initialize() throws(VaultError) {
        guard try rootTraces().isEmpty else { throw .alreadyExists("this account's vault root") }
        let parent = rootParentKeys
        let keyring = FolderKeyring.make(
            treeOwner: accountID, folder: rootID, parent: .zero, parentKey: parent.latestKey, parentEpoch: 0,
            newKey: .random(), previous: nil, signer: signer)
        let manifest = emptyListing(treeOwner: accountID, folder: rootID)
        try storage.create(VaultStorage.recordID(rootID, .keys), keyring.encoded)
        try storage.create(VaultStorage.recordID(rootID, .list), manifest.encoded)
        try state.accept(.keyring, rootID, version: 1, what: FolderKeyring.kindName)
        try state.accept(.manifest, rootID, version: 1, what: Manifest.kindName)
    }

    /// What says this account's root exists or existed: its records in storage, or this device's marks for it.
    /// A listing that cannot be read cannot rule anything out and is an error.
    func rootTraces() throws(VaultError) -> [String] {
        let prefix = "\(rootID.hex)."
        var traces = try storage.list().filter { $0.rawValue.hasPrefix(prefix) }.map(\.rawValue)
        if try state.mark(.keyring, rootID) > 0 { traces.append("this device's keyring mark") }
        if try state.mark(.manifest, rootID) > 0 { traces.append("this device's listing mark") }
        return traces
    }
}
