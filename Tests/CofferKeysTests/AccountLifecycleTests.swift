// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import Testing

@testable import CofferKeys

@Suite struct AccountLifecycleTests {
    func service() throws -> AccountService {
        AccountService(
            store: try DirectoryRecordStore(directory: Fixtures.temporaryDirectory()),
            device: try DeviceState(directory: Fixtures.temporaryDirectory())
        )
    }

    @Test func createThenPasswdThenRecoverKeepTheSameMasterKey() throws {
        let service = try service()
        let (created, recoveryKey) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf)
        let afterPasswd = try service.changePassword(
            created.accountID, current: Fixtures.password, new: Password("second password"),
            kdf: Fixtures.kdf.withFreshSalt()
        )
        #expect(afterPasswd.masterKey == created.masterKey)
        #expect(throws: KeysError.wrongPassword) { try service.unlock(created.accountID, password: Fixtures.password) }
        let written = try RecoveryKey(writtenForm: recoveryKey.writtenForm)
        let recovered = try service.recover(
            created.accountID, recoveryKey: written, newPassword: Password("third password"),
            kdf: Fixtures.kdf.withFreshSalt()
        )
        #expect(recovered.masterKey == created.masterKey)
        let unlocked = try service.unlock(created.accountID, password: Password("third password"))
        #expect(unlocked.masterKey == created.masterKey)
        #expect(unlocked.record.revision == 3)
        #expect(unlocked.bundle == created.bundle)
        #expect(unlocked.identity.publicKeys == created.identity.publicKeys)
    }

    @Test func recoverWithAnotherAccountsKeyIsWrongRecoveryKey() throws {
        let service = try service()
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf)
        #expect(throws: KeysError.wrongRecoveryKey) {
            try service.recover(
                created.accountID, recoveryKey: .random(), newPassword: Password("x"), kdf: Fixtures.kdf)
        }
    }

    @Test func passwordChangeRewrapsOnlyThePasswordSlot() throws {
        let keyring = AccountKeyring()
        let (records, account, _) = (Fixtures.account.records, Fixtures.account.account, Fixtures.account.recoveryKey)
        let changed = try keyring.changePassword(of: account, to: Password("new"), kdf: Fixtures.kdf.withFreshSalt())
        #expect(changed.records.bundle == records.bundle)
        #expect(Array(changed.records.account[162..<266]) == Array(records.account[162..<266]))
        #expect(Array(changed.records.account[90..<162]) != Array(records.account[90..<162]))
    }

    @Test func unlockDerivesLoginCredentialIndependentOfPasswordKey() throws {
        let account = try AccountKeyring().unlock(Fixtures.account.records, password: Fixtures.password)
        let login = try #require(account.loginCredential as? PasswordDerivedLogin)
        #expect(login.accountID == account.accountID)
        let record = try AccountRecord(encoded: Fixtures.account.records.account)
        let secrets = try PasswordSecrets(
            password: Fixtures.password, parameters: record.kdf, policy: .standard, hashing: Argon2idHashing())
        #expect(login.authenticationSecret == secrets.authenticationSecret)
        #expect(login.authenticationSecret.secret != secrets.passwordKey.secret)
    }

    @Test func unlockWithPinnedAccountIDRefusesAnotherAccount() throws {
        let other = IdentityKeyPair().accountID
        #expect(
            throws: KeysError.accountIDMismatch(expected: other.hex, actual: Fixtures.account.account.accountID.hex)
        ) {
            try AccountKeyring().unlock(Fixtures.account.records, password: Fixtures.password, expectedAccountID: other)
        }
    }

    @Test func libsodiumAndLibargon2GiveTheSameStretchedPassword() throws {
        let kdf = KDFProfile.moderate.costs(salt: Array(repeating: 9, count: 16))
        let a = try Argon2idHashing(backend: .libsodium).stretch(Fixtures.password, parameters: kdf)
        let b = try Argon2idHashing(backend: .libargon2).stretch(Fixtures.password, parameters: kdf)
        #expect(a == b)
    }

    @Test func storeListsAccountsAndServiceFindsTheDefault() throws {
        let service = try service()
        #expect(throws: KeysError.self) { try service.defaultAccount() }
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf)
        #expect(try service.defaultAccount() == created.accountID)
        #expect(try service.bundle(created.accountID) == created.bundle)
        #expect(try service.device.highWaterMark(for: created.accountID) == 1)
    }
}
