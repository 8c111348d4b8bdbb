// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_account_unlock.json`: complete account record sets opened with a password or a recovery key, in the
/// reader order of Spec/accounts.md "Unlocking". Invalid cases are what a hostile store can serve: edited,
/// swapped, rolled-back, forged or downgraded records, plus a wrong password and a wrong recovery key.
package struct AccountUnlockCase: KeysVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var bundle: String
    package var account: String
    package var identitySecrets: String
    /// UTF-8 text; the case opens with the password when set.
    package var password: String?
    /// Written form; the case opens with the recovery key when set (and sets `newPassword`).
    package var recoveryKey: String?
    package var newPassword: String?
    /// The account id the device expects (absent: first use on this device).
    package var expectedAccountId: String?
    /// The device's high-water mark for this account's revision.
    package var minimumRevision: UInt64
    package var masterKey: String?
    package var accountId: String?
    /// For a valid case, the MLKEM768-X25519 public key the unlocked identity holds ("" for none); absent: not
    /// checked.
    package var hybridPublicKey: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
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
        let hybrid = unlocked.identity.hybrid?.publicKey.rawRepresentation ?? []
        return KeysVectors.compare("masterKey", unlocked.masterKey.secret.revealedBytes(), masterKey ?? "")
            ?? KeysVectors.compare("accountId", unlocked.accountID.bytes, accountId ?? "")
            ?? hybridPublicKey.flatMap { KeysVectors.compare("hybridPublicKey", hybrid, $0) }
    }
}

package struct AccountUnlockGenerator: VectorGenerator {
    package let fileName = "keys_account_unlock.json"
    package static let algorithm = "coffer-keys-account-unlock"
    package init() {}

    package func generate() throws -> Data {
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
            test("account record version 3", ["Structure"], edit { $0.account[4] = 3 }, expect: "unsupportedVersion"),
            test(
                "account record with a trailing byte", ["Structure"], edit { $0.account.append(0) },
                expect: "malformedRecord"),
            test("unknown KDF algorithm byte", ["Structure"], edit { $0.account[29] = 2 }, expect: "malformedRecord"),
            test(
                "account record relabelled version 2 (it would claim a post-quantum key)", ["Edited"],
                edit { $0.account[4] = 2 }, expect: tampered),
        ]
        // Version 2: every random draw after the version 1 cases'.
        let postQuantum = try Self.postQuantumCases(&random, password: password, classical: (records, account))
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
                "PostQuantum": "an account with an MLKEM768-X25519 key: version 2 bundle, identity secrets and record",
                "Upgrade": "an account that gained a post-quantum key at revision 2, and its interrupted states",
                "Stripped": "the post-quantum key withheld: an older bundle or identity secrets served",
            ],
            groups: [("AccountUnlock", cases), ("PostQuantumAccount", postQuantum)]
        )
    }

    /// A new account with a post-quantum key, and `classical` upgraded to one (revision 2), with the states a
    /// hostile store can serve from them.
    static func postQuantumCases(
        _ random: inout DeterministicRandom, password: String,
        classical: (records: AccountRecordSet, account: UnlockedAccount)
    ) throws -> [AccountUnlockCase] {
        let pqMaterial = AccountMaterial(
            masterKey: try MasterKey(random.secret(32)),
            identity: try IdentityKeyPair(
                agreementSecret: random.secret(32), signingSeed: random.secret(32), hybridSeed: random.secret(32)),
            recoveryKey: try RecoveryKey(random.secret(32)), passwordWrapNonce: random.bytes(24),
            recoveryWrapNonce: random.bytes(24), identitySecretsNonce: random.bytes(24))
        let pq = try AccountKeyring().create(
            password: Password(password), kdf: KDFProfile.moderate.costs(salt: random.bytes(16)), material: pqMaterial)
        let upgraded = try AccountKeyring().addingPostQuantumKey(
            to: classical.account, hybridSeed: random.secret(32), nonce: random.bytes(24))
        let foreign = try IdentityKeyPair(
            agreementSecret: SecretBytes(pqMaterial.identity.agreement.rawRepresentation.revealedBytes()),
            signingSeed: SecretBytes(pqMaterial.identity.signing.seed.revealedBytes()), hybridSeed: random.secret(32))
        let foreignSecrets = IdentitySecretsRecord.seal(
            foreign, under: IdentitySecretsRecord.key(from: pqMaterial.masterKey), nonce: random.bytes(24))
        let old = classical.records
        let new = upgraded.records
        func test(
            _ comment: String, _ flags: [String], _ set: AccountRecordSet, of account: UnlockedAccount,
            minimum: UInt64 = 0, hybrid: IdentityKeyPair? = nil, expect: String? = nil
        ) -> AccountUnlockCase {
            AccountUnlockCase(
                comment: comment, flags: flags, bundle: Hex.encode(set.bundle), account: Hex.encode(set.account),
                identitySecrets: Hex.encode(set.identitySecrets), password: password, minimumRevision: minimum,
                masterKey: expect == nil ? Hex.encode(account.masterKey.secret.revealedBytes()) : nil,
                accountId: expect == nil ? Hex.encode(account.accountID.bytes) : nil,
                hybridPublicKey: expect == nil ? Hex.encode(hybrid?.hybrid?.publicKey.rawRepresentation ?? []) : nil,
                result: expect == nil ? "valid" : "invalid", expect: expect)
        }
        func set(_ bundle: [UInt8], _ account: [UInt8], _ secrets: [UInt8]) -> AccountRecordSet {
            AccountRecordSet(bundle: bundle, account: account, identitySecrets: secrets)
        }
        let pqSet = pq.records
        let hybridRange = 85..<IdentityBundle.byteCount - 64 + MLKEM768X25519.publicKeyByteCount
        var swappedBundle = pqSet
        swappedBundle.bundle.replaceSubrange(hybridRange, with: IdentityBundle(signedBy: foreign).encoded[hybridRange])
        return [
            test(
                "an account created with a post-quantum key", ["PostQuantum"], pqSet, of: pq.account,
                hybrid: pqMaterial.identity),
            test(
                "an account upgraded at revision 2", ["Upgrade"], new, of: classical.account, minimum: 2,
                hybrid: upgraded.account.identity),
            test(
                "upgrade interrupted after the identity secrets: the classical keys", ["Upgrade"],
                set(old.bundle, old.account, new.identitySecrets), of: classical.account, minimum: 1),
            test(
                "upgrade interrupted after the bundle: the post-quantum key", ["Upgrade"],
                set(new.bundle, old.account, new.identitySecrets), of: classical.account, minimum: 1,
                hybrid: upgraded.account.identity),
            test(
                "the bundle from before the upgrade beside the revision 2 record", ["Stripped"],
                set(old.bundle, new.account, old.identitySecrets), of: classical.account,
                expect: "postQuantumKeyMissing"),
            test(
                "the bundle from before the upgrade beside the new secrets and record", ["Stripped"],
                set(old.bundle, new.account, new.identitySecrets), of: classical.account,
                expect: "postQuantumKeyMissing"),
            test(
                "the identity secrets from before the upgrade beside the new bundle", ["Stripped"],
                set(new.bundle, new.account, old.identitySecrets), of: classical.account,
                expect: "identityKeyMismatch"),
            test(
                "the record from before the upgrade on a device that saw revision 2", ["Rollback"],
                set(new.bundle, old.account, new.identitySecrets), of: classical.account, minimum: 2,
                expect: "rollbackDetected"),
            test(
                "the post-quantum key in the bundle replaced by another", ["Substituted"],
                swappedBundle, of: pq.account, expect: "invalidBundleSignature"),
            test(
                "identity secrets holding another post-quantum seed", ["Substituted"],
                set(pqSet.bundle, pqSet.account, foreignSecrets.encoded), of: pq.account,
                expect: "identityKeyMismatch"),
            test(
                "identity secrets version 2 one byte short", ["Structure"],
                set(pqSet.bundle, pqSet.account, Array(pqSet.identitySecrets.dropLast())), of: pq.account,
                expect: "malformedRecord"),
            test(
                "identity secrets relabelled version 1, cut to 125 bytes", ["Edited"],
                set(
                    pqSet.bundle, pqSet.account,
                    [UInt8](pqSet.identitySecrets.prefix(4)) + [1]
                        + pqSet.identitySecrets[5..<125]), of: pq.account, expect: "recordTampered"),
            test(
                "account record relabelled version 1 (the post-quantum claim removed)", ["Edited"],
                set(
                    pqSet.bundle,
                    {
                        var a = pqSet.account
                        a[4] = 1
                        return a
                    }(), pqSet.identitySecrets),
                of: pq.account, expect: "recordTampered"),
        ]
    }
}
