// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The account operations on records in memory: create, unlock (with the password or the recovery key) and
/// re-wrap. No storage here; `AccountService` adds the store and the device's high-water marks.
///
/// Reader order (Spec/accounts.md, "Unlocking"): parse all three records → bundle id and signature → account
/// record signature → revision ≥ the device's high-water mark → KDF policy → KDF → verifier → AEADs →
/// re-derived public keys. Everything before "KDF" uses no secret, so edits and downgrades cost nothing.
package struct AccountKeyring: Sendable {
    package var policy: KDFPolicy
    package var hashing: any PasswordHashing

    /// The keyring with a KDF policy (floor and cap checked before any KDF runs) and a password hasher.
    package init(policy: KDFPolicy = .standard, hashing: any PasswordHashing = Argon2idHashing()) {
        self.policy = policy
        self.hashing = hashing
    }

    /// A new account: fresh master key, identity keys and recovery key; records at revision 1. With
    /// `postQuantum` (the default) the identity includes an MLKEM768-X25519 key and the records are version 2.
    package func create(
        password: Password, kdf: KDFParameters, postQuantum: Bool = true
    ) throws(KeysError) -> (
        records: AccountRecordSet, account: UnlockedAccount, recoveryKey: RecoveryKey
    ) {
        try create(password: password, kdf: kdf, material: .random(postQuantum: postQuantum))
    }

    /// A new account from given key material (test vectors derive it from the published seed).
    package func create(
        password: Password, kdf: KDFParameters, material: AccountMaterial
    ) throws(KeysError) -> (
        records: AccountRecordSet, account: UnlockedAccount, recoveryKey: RecoveryKey
    ) {
        let recoveryWrap = WrappedMasterKey.seal(
            material.masterKey, under: material.recoveryKey, accountID: material.identity.accountID,
            nonce: material.recoveryWrapNonce
        )
        let (records, account) = try seal(
            masterKey: material.masterKey, identity: material.identity, revision: 1, password: password, kdf: kdf,
            recoveryVerifier: material.recoveryKey.verifier, recoveryWrap: recoveryWrap,
            nonces: (material.passwordWrapNonce, material.identitySecretsNonce)
        )
        return (records, account, material.recoveryKey)
    }

    /// Opens an account with its password. `expectedAccountID`, when known, pins the account (a substituted
    /// account fails as `accountIDMismatch`); `minimumRevision` is the device's high-water mark.
    package func unlock(
        _ records: AccountRecordSet, password: Password, expectedAccountID: AccountID? = nil,
        minimumRevision: UInt64 = 0
    ) throws(KeysError) -> UnlockedAccount {
        let parsed = try verifiedRecords(
            records, expectedAccountID: expectedAccountID, minimumRevision: minimumRevision)
        let secrets = try PasswordSecrets(
            password: password, parameters: parsed.record.kdf, policy: policy, hashing: hashing)
        guard secrets.matches(verifier: parsed.record.passwordVerifier) else { throw .wrongPassword }
        let masterKey = try parsed.record.passwordWrap.open(
            with: secrets.passwordKey, accountID: parsed.bundle.accountID, kdf: parsed.record.kdf
        )
        return try finish(parsed, masterKey: masterKey, authentication: secrets.authenticationSecret)
    }

    /// Opens an account with its recovery key and sets `newPassword` (new salt, `kdf` costs). The master key,
    /// identity keys and recovery wrap stay; only the password wrap changes, at the next revision.
    package func recover(
        _ records: AccountRecordSet, recoveryKey: RecoveryKey, newPassword: Password, kdf: KDFParameters,
        expectedAccountID: AccountID? = nil, minimumRevision: UInt64 = 0
    ) throws(KeysError) -> (records: AccountRecordSet, account: UnlockedAccount) {
        let parsed = try verifiedRecords(
            records, expectedAccountID: expectedAccountID, minimumRevision: minimumRevision)
        guard ConstantTime.equals(recoveryKey.verifier, parsed.record.recoveryVerifier) else { throw .wrongRecoveryKey }
        let masterKey = try parsed.record.recoveryWrap.open(with: recoveryKey, accountID: parsed.bundle.accountID)
        let identity = try IdentitySecretsRecord.key(from: masterKey).identitySecretsKeyOpen(parsed)
        return try seal(
            masterKey: masterKey, identity: identity, revision: parsed.record.revision + 1, password: newPassword,
            kdf: kdf, recoveryVerifier: parsed.record.recoveryVerifier, recoveryWrap: parsed.record.recoveryWrap
        )
    }

    /// A new password for an unlocked account: re-wraps the master key only, at the next revision.
    package func changePassword(
        of account: UnlockedAccount, to newPassword: Password, kdf: KDFParameters
    ) throws(KeysError) -> (records: AccountRecordSet, account: UnlockedAccount) {
        try seal(
            masterKey: account.masterKey, identity: account.identity, revision: account.record.revision + 1,
            password: newPassword, kdf: kdf, recoveryVerifier: account.record.recoveryVerifier,
            recoveryWrap: account.record.recoveryWrap
        )
    }

    struct Parsed {
        let bundle: IdentityBundle
        let record: AccountRecord
        let secrets: IdentitySecretsRecord
    }

    /// Every check that needs no secret: structure, ids, signatures, revision.
    func verifiedRecords(
        _ records: AccountRecordSet, expectedAccountID: AccountID?, minimumRevision: UInt64
    ) throws(KeysError) -> Parsed {
        let bundle = try IdentityBundle(encoded: records.bundle)
        let record = try AccountRecord(encoded: records.account)
        let secrets = try IdentitySecretsRecord(encoded: records.identitySecrets)
        if let expectedAccountID, bundle.accountID != expectedAccountID {
            throw .accountIDMismatch(expected: expectedAccountID.hex, actual: bundle.accountID.hex)
        }
        try record.verify(against: bundle)
        guard record.revision >= minimumRevision else {
            throw .rollbackDetected(kind: AccountRecord.kind, seen: minimumRevision, presented: record.revision)
        }
        return Parsed(bundle: bundle, record: record, secrets: secrets)
    }

    private func finish(
        _ parsed: Parsed, masterKey: MasterKey, authentication: AuthenticationSecret
    ) throws(KeysError) -> UnlockedAccount {
        let identity = try IdentitySecretsRecord.key(from: masterKey).identitySecretsKeyOpen(parsed)
        return UnlockedAccount(
            accountID: parsed.bundle.accountID, masterKey: masterKey, identity: identity, bundle: parsed.bundle,
            record: parsed.record,
            loginCredential: PasswordDerivedLogin(
                accountID: parsed.bundle.accountID, authenticationSecret: authentication)
        )
    }

    func seal(
        masterKey: MasterKey, identity: IdentityKeyPair, revision: UInt64, password: Password, kdf: KDFParameters,
        recoveryVerifier: [UInt8], recoveryWrap: WrappedMasterKey,
        nonces: (passwordWrap: [UInt8], identitySecrets: [UInt8]) = (
            SecureRandom.bytes(count: 24), SecureRandom.bytes(count: 24)
        )
    ) throws(KeysError) -> (records: AccountRecordSet, account: UnlockedAccount) {
        let secrets = try PasswordSecrets(password: password, parameters: kdf, policy: policy, hashing: hashing)
        let accountID = identity.accountID
        let record = AccountRecord(
            signedBy: identity, revision: revision, kdf: kdf, passwordVerifier: secrets.verifier,
            passwordWrap: WrappedMasterKey.seal(
                masterKey, under: secrets.passwordKey, accountID: accountID, kdf: kdf, nonce: nonces.passwordWrap
            ),
            recoveryVerifier: recoveryVerifier, recoveryWrap: recoveryWrap
        )
        let bundle = IdentityBundle(signedBy: identity)
        let secretsRecord = IdentitySecretsRecord.seal(
            identity, under: IdentitySecretsRecord.key(from: masterKey), nonce: nonces.identitySecrets
        )
        let records = AccountRecordSet(
            bundle: bundle.encoded, account: record.encoded, identitySecrets: secretsRecord.encoded)
        let account = UnlockedAccount(
            accountID: accountID, masterKey: masterKey, identity: identity, bundle: bundle, record: record,
            loginCredential: PasswordDerivedLogin(
                accountID: accountID, authenticationSecret: secrets.authenticationSecret)
        )
        return (records, account)
    }
}

extension IdentitySecretsKey {
    /// Opens the parsed identity secrets against the verified bundle's keys.
    fileprivate func identitySecretsKeyOpen(_ parsed: AccountKeyring.Parsed) throws(KeysError) -> IdentityKeyPair {
        try parsed.secrets.open(with: self, expecting: parsed.bundle.keys)
    }
}

/// The random choices of account creation, gathered so vectors can make them from the published seed.
package struct AccountMaterial: Sendable {
    package var masterKey: MasterKey
    package var identity: IdentityKeyPair
    package var recoveryKey: RecoveryKey
    package var passwordWrapNonce: [UInt8]
    package var recoveryWrapNonce: [UInt8]
    package var identitySecretsNonce: [UInt8]

    package init(
        masterKey: MasterKey, identity: IdentityKeyPair, recoveryKey: RecoveryKey, passwordWrapNonce: [UInt8],
        recoveryWrapNonce: [UInt8], identitySecretsNonce: [UInt8]
    ) {
        self.masterKey = masterKey
        self.identity = identity
        self.recoveryKey = recoveryKey
        self.passwordWrapNonce = passwordWrapNonce
        self.recoveryWrapNonce = recoveryWrapNonce
        self.identitySecretsNonce = identitySecretsNonce
    }

    /// Everything fresh from the CSPRNG; the identity has a hybrid key when `postQuantum` is true.
    package static func random(postQuantum: Bool = false) throws(KeysError) -> AccountMaterial {
        AccountMaterial(
            masterKey: .random(), identity: try .generate(postQuantum: postQuantum), recoveryKey: .random(),
            passwordWrapNonce: SecureRandom.bytes(count: 24), recoveryWrapNonce: SecureRandom.bytes(count: 24),
            identitySecretsNonce: SecureRandom.bytes(count: 24)
        )
    }
}
