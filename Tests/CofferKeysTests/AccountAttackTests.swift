// SPDX-License-Identifier: MIT
import CofferPrimitives
import CofferVectors
import Testing

@testable import CofferKeys

/// The storage side is the attacker: each test edits, swaps or forges records and names the attack.
/// Spec/security.md lists attack → rule → test.
@Suite struct AccountAttackTests {
    let records = Fixtures.account.records

    /// Unlocks with a KDF counter; returns the error and how many times the KDF ran.
    func attempt(_ records: AccountRecordSet, password: Password = Fixtures.password) -> (KeysError?, Int) {
        let hashing = CountingHashing()
        do {
            _ = try AccountKeyring(hashing: hashing).unlock(records, password: password)
            return (nil, hashing.count)
        } catch {
            return (error, hashing.count)
        }
    }

    @Test func attackFlipAnyByteOfWrappedMasterKeyIsIntegrityErrorBeforeKDF() {
        let wraps = Array(90..<162) + Array(194..<266)
        for index in wraps {
            var edited = records
            edited.account = Fixtures.flipped(records.account, at: index)
            let (error, runs) = attempt(edited)
            #expect(error == .recordTampered(kind: "account"), "byte \(index)")
            #expect(runs == 0, "the KDF ran for byte \(index)")
        }
    }

    @Test func attackFlipAnyByteOfKDFParametersIsIntegrityErrorBeforeKDF() {
        for index in 30..<58 {
            var edited = records
            edited.account = Fixtures.flipped(records.account, at: index)
            let (error, runs) = attempt(edited)
            #expect(error == .recordTampered(kind: "account"), "byte \(index)")
            #expect(runs == 0)
        }
        var unknownAlgorithm = records
        unknownAlgorithm.account = Fixtures.flipped(records.account, at: 29)
        #expect(attempt(unknownAlgorithm).0?.expectName == "malformedRecord")
    }

    @Test func attackFlipAnyByteOfAccountRecordIsRefusedBeforeKDF() {
        for index in 0..<AccountRecord.byteCount {
            var edited = records
            edited.account = Fixtures.flipped(records.account, at: index)
            let (error, runs) = attempt(edited)
            let expected =
                switch index {
                case 0..<4: "malformedRecord"
                case 4: "unsupportedVersion"
                case 29: "malformedRecord"
                default: "recordTampered"
                }
            #expect(error?.expectName == expected, "byte \(index)")
            #expect(runs == 0)
        }
    }

    @Test func attackFlipAnyByteOfIdentitySecretsRecordIsIntegrityError() {
        for index in 5..<IdentitySecretsRecord.byteCount {
            var edited = records
            edited.identitySecrets = Fixtures.flipped(records.identitySecrets, at: index)
            #expect(attempt(edited).0 == .recordTampered(kind: "identity secrets"), "byte \(index)")
        }
    }

    @Test(arguments: [
        (
            KDFParameters(memoryKiB: 32 * 1024, iterations: 3, parallelism: 1, salt: .init(repeating: 7, count: 16)),
            "kdfParameterBelowFloor"
        ),
        (
            KDFParameters(memoryKiB: 64 * 1024, iterations: 2, parallelism: 1, salt: .init(repeating: 7, count: 16)),
            "kdfParameterBelowFloor"
        ),
        (
            KDFParameters(memoryKiB: 64 * 1024, iterations: 3, parallelism: 0, salt: .init(repeating: 7, count: 16)),
            "kdfParameterBelowFloor"
        ),
        (
            KDFParameters(
                memoryKiB: 8 * 1024 * 1024, iterations: 3, parallelism: 1, salt: .init(repeating: 7, count: 16)),
            "kdfParameterAboveCap"
        ),
        (
            KDFParameters(memoryKiB: 64 * 1024, iterations: 17, parallelism: 1, salt: .init(repeating: 7, count: 16)),
            "kdfParameterAboveCap"
        ),
        (
            KDFParameters(memoryKiB: 64 * 1024, iterations: 3, parallelism: 9, salt: .init(repeating: 7, count: 16)),
            "kdfParameterAboveCap"
        ),
    ])
    func attackServeKDFParametersOutsidePolicyIsRefusedBeforeKDF(kdf: KDFParameters, expected: String) throws {
        // The whole account is forged consistently (own keys, valid signatures), as a server can on a new device.
        let forged = try AccountKeyring(policy: Fixtures.laxPolicy, hashing: FastFakeHashing())
            .create(password: Fixtures.password, kdf: kdf).records
        let (error, runs) = attempt(forged)
        #expect(error?.expectName == expected)
        #expect(runs == 0, "the KDF must not run for refused parameters")
    }

    @Test func attackSubstituteOwnAgreementKeyInBundleIsRefused() {
        var edited = records
        let other = IdentityKeyPair().publicKeys.agreement.rawRepresentation
        edited.bundle.replaceSubrange(21..<53, with: other)
        #expect(attempt(edited).0 == .invalidBundleSignature)
    }

    @Test func attackSubstituteOwnSigningKeyInBundleIsRefused() {
        var edited = records
        edited.bundle.replaceSubrange(53..<85, with: IdentityKeyPair().publicKeys.signing.rawRepresentation)
        #expect(attempt(edited).0?.expectName == "accountIDMismatch")
    }

    @Test func attackSubstituteWholeBundleWithAttackersIsRefused() throws {
        var edited = records
        edited.bundle = IdentityBundle(signedBy: IdentityKeyPair()).encoded
        // Without a pinned id, the account record was not signed by the substituted key.
        #expect(attempt(edited).0 == .recordTampered(kind: "account"))
        // With the id the device knows, the substitution is named as such.
        #expect(throws: KeysError.self) {
            try AccountKeyring().unlock(
                edited, password: Fixtures.password, expectedAccountID: Fixtures.account.account.accountID)
        }
    }

    @Test func attackStoredPublicKeyDiffersFromSecretIsRefused() {
        let masterKey = Fixtures.account.account.masterKey
        let secrets = try! IdentitySecretsRecord(encoded: records.identitySecrets)
        let real = Fixtures.account.account.bundle.keys
        let wrongAgreement = IdentityPublicKeys(
            agreement: IdentityKeyPair().publicKeys.agreement, signing: real.signing)
        let wrongSigning = IdentityPublicKeys(agreement: real.agreement, signing: IdentityKeyPair().publicKeys.signing)
        let key = IdentitySecretsRecord.key(from: masterKey)
        #expect(throws: KeysError.identityKeyMismatch("X25519")) {
            try secrets.open(with: key, expecting: wrongAgreement)
        }
        #expect(throws: KeysError.identityKeyMismatch("Ed25519")) {
            try secrets.open(with: key, expecting: wrongSigning)
        }
    }

    @Test func attackSwapRecoveryWrapIntoPasswordSlotIsRefused() throws {
        var edited = records
        edited.account.replaceSubrange(90..<162, with: records.account[194..<266])
        #expect(attempt(edited).0 == .recordTampered(kind: "account"))
        // Even with a valid signature the AAD purpose byte refuses it.
        let record = try AccountRecord(encoded: records.account)
        let secrets = try PasswordSecrets(
            password: Fixtures.password, parameters: record.kdf, policy: .standard, hashing: Argon2idHashing()
        )
        #expect(throws: KeysError.recordTampered(kind: "wrapped master key")) {
            try record.recoveryWrap.open(with: secrets.passwordKey, accountID: record.accountID, kdf: record.kdf)
        }
    }

    @Test func attackSwapAnotherAccountsRecordsIntoThisAccountsSlotIsRefused() throws {
        let other = try AccountKeyring().create(password: Fixtures.password, kdf: Fixtures.kdf)
        var swappedAccount = records
        swappedAccount.account = other.records.account
        #expect(attempt(swappedAccount).0 == .recordTampered(kind: "account"))
        var swappedSecrets = records
        swappedSecrets.identitySecrets = other.records.identitySecrets
        #expect(attempt(swappedSecrets).0 == .recordTampered(kind: "identity secrets"))
        // The other account's password wrap under this account's id and parameters.
        let mine = try AccountRecord(encoded: records.account)
        let theirs = try AccountRecord(encoded: other.records.account)
        let secrets = try PasswordSecrets(
            password: Fixtures.password, parameters: theirs.kdf, policy: .standard, hashing: Argon2idHashing())
        #expect(throws: KeysError.recordTampered(kind: "wrapped master key")) {
            try theirs.passwordWrap.open(with: secrets.passwordKey, accountID: mine.accountID, kdf: theirs.kdf)
        }
    }

    @Test func attackRollBackAccountRecordAfterPasswordChangeIsRefused() throws {
        let store = try DirectoryRecordStore(directory: Fixtures.temporaryDirectory())
        let device = try DeviceState(directory: Fixtures.temporaryDirectory())
        let service = AccountService(store: store, device: device)
        let (account, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf)
        let old = try store.get(.account(account.accountID))
        _ = try service.changePassword(
            account.accountID, current: Fixtures.password, new: Password("new"), kdf: Fixtures.kdf)
        try store.put(.account(account.accountID), old)
        #expect(throws: KeysError.rollbackDetected(kind: "account", seen: 2, presented: 1)) {
            try service.unlock(account.accountID, password: Fixtures.password)
        }
    }

    @Test func attackSubstituteWholeAccountInStoreIsRefusedByTheDeviceKnownID() throws {
        let store = try DirectoryRecordStore(directory: Fixtures.temporaryDirectory())
        let service = AccountService(store: store, device: try DeviceState(directory: Fixtures.temporaryDirectory()))
        let (victim, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf)
        // The store replaces every record of the account with a consistent account of its own (same password
        // guessed or not: it does not matter) and lists only that one.
        let forged = try AccountKeyring().create(password: Fixtures.password, kdf: Fixtures.kdf)
        try store.putAccountRecords(forged.records, for: victim.accountID)
        #expect(try service.defaultAccount() == victim.accountID)
        #expect(
            throws: KeysError.accountIDMismatch(expected: victim.accountID.hex, actual: forged.account.accountID.hex)
        ) { try service.unlock(service.defaultAccount(), password: Fixtures.password) }
    }

    @Test func wrongPasswordAndTamperedRecordGiveDifferentErrors() {
        #expect(attempt(records, password: Password("wrong")).0 == .wrongPassword)
        var edited = records
        edited.account = Fixtures.flipped(records.account, at: 100)
        #expect(attempt(edited).0 == .recordTampered(kind: "account"))
        #expect(attempt(records).0 == nil)
    }
}
