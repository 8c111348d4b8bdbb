// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_account_unlock.json`: complete account record sets opened with a password or a recovery key, in the
/// reader order of Spec/accounts.md "Unlocking". Invalid cases are what a hostile store can serve: edited,
/// swapped, rolled-back, forged or downgraded records, plus a wrong password and a wrong recovery key.
public struct AccountUnlockCase: KeysVectorCase {
    public var tcId = 0
    public var comment: String
    public var flags: [String]
    public var bundle: String
    public var account: String
    public var identitySecrets: String
    /// UTF-8 text; the case opens with the password when set.
    public var password: String?
    /// Written form; the case opens with the recovery key when set (and sets `newPassword`).
    public var recoveryKey: String?
    public var newPassword: String?
    /// The account id the device expects (absent: first use on this device).
    public var expectedAccountId: String?
    /// The device's high-water mark for this account's revision.
    public var minimumRevision: UInt64
    public var masterKey: String?
    public var accountId: String?
    public var result: String
    public var expect: String?

    public func check() throws -> String? {
        let records = AccountRecordSet(
            bundle: try Hex.decode(bundle), account: try Hex.decode(account),
            identitySecrets: try Hex.decode(identitySecrets)
        )
        let expected = try expectedAccountId.map { hex throws(KeysError) in try AccountID(hex: hex) }
        let keyring = AccountKeyring()
        let unlocked: UnlockedAccount
        if let recoveryKey {
            let new = KDFProfile.moderate.parameters()
            unlocked = try keyring.recover(
                records, recoveryKey: try RecoveryKey(writtenForm: recoveryKey),
                newPassword: Password(newPassword ?? ""),
                kdf: new, expectedAccountID: expected, minimumRevision: minimumRevision
            ).account
        } else {
            unlocked = try keyring.unlock(
                records, password: Password(password ?? ""), expectedAccountID: expected,
                minimumRevision: minimumRevision
            )
        }
        return KeysVectors.compare("masterKey", unlocked.masterKey.secret.revealedBytes(), masterKey ?? "")
            ?? KeysVectors.compare("accountId", unlocked.accountID.bytes, accountId ?? "")
    }
}

public struct AccountUnlockGenerator: VectorGenerator {
    public let fileName = "keys_account_unlock.json"
    public static let algorithm = "coffer-keys-account-unlock"
    public init() {}

    public func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        func material() throws -> AccountMaterial {
            AccountMaterial(
                masterKey: try MasterKey(random.secret(32)),
                identity: try IdentityKeyPair(agreementSecret: random.secret(32), signingSeed: random.secret(32)),
                recoveryKey: try RecoveryKey(random.secret(32)), passwordWrapNonce: random.bytes(24),
                recoveryWrapNonce: random.bytes(24), identitySecretsNonce: random.bytes(24)
            )
        }
        let password = "correct horse battery staple"
        let mine = try material()
        let (records, account, recoveryKey) = try AccountKeyring()
            .create(
                password: Password(password), kdf: KDFProfile.moderate.costs(salt: random.bytes(16)), material: mine)
        let other = try AccountKeyring()
            .create(
                password: Password(password), kdf: KDFProfile.moderate.costs(salt: random.bytes(16)),
                material: material())
        let lax = AccountKeyring(
            policy: KDFPolicy(
                minimumMemoryKiB: 8, maximumMemoryKiB: .max, minimumIterations: 1, maximumIterations: .max,
                minimumParallelism: 1, maximumParallelism: .max
            ))
        let weak = try lax.create(
            password: Password(password),
            kdf: KDFParameters(memoryKiB: 8192, iterations: 3, parallelism: 1, salt: random.bytes(16)),
            material: material()
        ).records
        let costly = try lax.create(
            password: Password(password),
            kdf: KDFParameters(memoryKiB: 65536, iterations: 17, parallelism: 1, salt: random.bytes(16)),
            material: material()
        ).records
        let mk = Hex.encode(account.masterKey.secret.revealedBytes())
        let id = Hex.encode(account.accountID.bytes)
        func test(
            _ comment: String, _ flags: [String], _ set: AccountRecordSet, password pw: String? = password,
            recovery: RecoveryKey? = nil, expected: String? = nil, minimum: UInt64 = 0, expect: String? = nil
        )
            -> AccountUnlockCase
        {
            AccountUnlockCase(
                comment: comment, flags: flags, bundle: Hex.encode(set.bundle), account: Hex.encode(set.account),
                identitySecrets: Hex.encode(set.identitySecrets), password: recovery == nil ? pw : nil,
                recoveryKey: recovery?.writtenForm, newPassword: recovery == nil ? nil : "a new password",
                expectedAccountId: expected, minimumRevision: minimum, masterKey: expect == nil ? mk : nil,
                accountId: expect == nil ? id : nil, result: expect == nil ? "valid" : "invalid", expect: expect
            )
        }
        func edit(_ change: (inout AccountRecordSet) -> Void) -> AccountRecordSet {
            var copy = records
            change(&copy)
            return copy
        }
        // An identity secrets record holding keys that are not the bundle's, sealed under this account's key.
        let foreignKeys = try material().identity
        let foreignSecrets = IdentitySecretsRecord.seal(
            foreignKeys, under: IdentitySecretsRecord.key(from: mine.masterKey), nonce: random.bytes(24)
        )
        let tampered = "recordTampered"
        let cases = [
            test("unlock with the password", [], records),
            test("unlock with the pinned account id and high-water mark", [], records, expected: id, minimum: 1),
            test("recover with the recovery key", ["Recovery"], records, recovery: recoveryKey),
            test(
                "wrong password", ["WrongSecret"], records, password: "correct horse battery stable",
                expect: "wrongPassword"),
            test(
                "another account's recovery key", ["WrongSecret"], records, recovery: other.recoveryKey,
                expect: "wrongRecoveryKey"),
            test("KDF memory byte edited", ["Edited"], edit { $0.account[32] ^= 1 }, expect: tampered),
            test("KDF salt byte edited", ["Edited"], edit { $0.account[50] ^= 1 }, expect: tampered),
            test("revision edited", ["Edited"], edit { $0.account[28] ^= 1 }, expect: tampered),
            test("password verifier edited", ["Edited"], edit { $0.account[60] ^= 1 }, expect: tampered),
            test("wrapped master key edited", ["Edited"], edit { $0.account[130] ^= 1 }, expect: tampered),
            test("signature edited", ["Edited"], edit { $0.account[300] ^= 1 }, expect: tampered),
            test(
                "recovery wrap swapped into the password slot", ["Swapped"],
                edit { $0.account.replaceSubrange(90..<162, with: records.account[194..<266]) }, expect: tampered),
            test(
                "another account's account record", ["Swapped"], edit { $0.account = other.records.account },
                expect: tampered),
            test(
                "another account's identity secrets", ["Swapped"],
                edit { $0.identitySecrets = other.records.identitySecrets }, expect: tampered),
            test("identity secrets byte edited", ["Edited"], edit { $0.identitySecrets[60] ^= 1 }, expect: tampered),
            test(
                "identity secrets holding other keys", ["Substituted"],
                edit { $0.identitySecrets = foreignSecrets.encoded },
                expect: "identityKeyMismatch"),
            test(
                "bundle X25519 key substituted", ["Substituted"],
                edit { $0.bundle.replaceSubrange(21..<53, with: foreignKeys.publicKeys.agreement.rawRepresentation) },
                expect: "invalidBundleSignature"),
            test(
                "whole account substituted on a device that knows the id", ["Substituted"], other.records, expected: id,
                expect: "accountIDMismatch"),
            test(
                "record older than the device's high-water mark", ["Rollback"], records, minimum: 2,
                expect: "rollbackDetected"),
            test("forged account asking for 8 MiB", ["Downgrade"], weak, expect: "kdfParameterBelowFloor"),
            test("forged account asking for 17 passes", ["Downgrade"], costly, expect: "kdfParameterAboveCap"),
            test("account record version 2", ["Structure"], edit { $0.account[4] = 2 }, expect: "unsupportedVersion"),
            test(
                "account record with a trailing byte", ["Structure"], edit { $0.account.append(0) },
                expect: "malformedRecord"),
            test("unknown KDF algorithm byte", ["Structure"], edit { $0.account[29] = 2 }, expect: "malformedRecord"),
        ]
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Account record sets (bundle, account record, identity secrets; Spec/accounts.md) opened with a",
                "password or a recovery key. Valid cases give the master key; invalid cases name the reader rule.",
            ],
            notes: [
                "Recovery": "opens with the recovery key and sets a new password",
                "WrongSecret": "an authentic record, wrong secret",
                "Edited": "one byte changed by the store", "Swapped": "a part moved from another slot or account",
                "Substituted": "a key replaced", "Rollback": "an authentic but older revision",
                "Downgrade":
                    "a consistently forged account whose KDF parameters the policy refuses before the KDF runs",
                "Structure": "version, exact length and algorithm byte are checked first",
            ],
            groups: [("AccountUnlock", cases)]
        )
    }
}
