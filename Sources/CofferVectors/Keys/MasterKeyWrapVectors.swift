// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_master_key_wrap.json`: the master key sealed under a password key or a recovery key
/// (Spec/accounts.md, "Master-key wrap"). Invalid cases present a wrap with one bound field edited.
package struct MasterKeyWrapCase: KeysVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// `password` or `recovery`: which slot the reader opens.
    package var purpose: String
    /// The password key (purpose password) or the recovery key (purpose recovery).
    package var wrappingKey: String
    package var accountId: String
    /// The 29-byte KDF block (purpose password only).
    package var kdf: String?
    /// nonce₂₄ ‖ ciphertext ‖ tag.
    package var wrapped: String
    package var masterKey: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let wrap = try WrappedMasterKey(encoded: try Hex.decode(wrapped))
        let accountID = try AccountID(bytes: try Hex.decode(accountId))
        let key = SecretBytes(try Hex.decode(wrappingKey))
        let opened: MasterKey
        switch purpose {
        case "password":
            opened = try wrap.open(
                with: try PasswordKey(key), accountID: accountID,
                kdf: try KDFParameters(encoded: try Hex.decode(kdf ?? "")))
        case "recovery":
            opened = try wrap.open(with: try RecoveryKey(key), accountID: accountID)
        default:
            return "unknown purpose \"\(purpose)\""
        }
        return KeysVectors.compare("masterKey", opened.secret.revealedBytes(), masterKey ?? "")
    }
}

package struct MasterKeyWrapGenerator: VectorGenerator {
    package let fileName = "keys_master_key_wrap.json"
    package static let algorithm = "coffer-keys-master-key-wrap"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let masterKey = try MasterKey(random.secret(32))
        let passwordKey = try PasswordKey(random.secret(32))
        let recoveryKey = try RecoveryKey(random.secret(32))
        let accountID = try AccountID(bytes: random.bytes(16))
        let otherAccount = try AccountID(bytes: random.bytes(16))
        let kdf = KDFProfile.moderate.costs(salt: random.bytes(16))
        let password = WrappedMasterKey.seal(
            masterKey, under: passwordKey, accountID: accountID, kdf: kdf, nonce: random.bytes(24))
        let recovery = WrappedMasterKey.seal(
            masterKey, under: recoveryKey, accountID: accountID, nonce: random.bytes(24))
        let pk = Hex.encode(passwordKey.secret.revealedBytes())
        let rk = Hex.encode(recoveryKey.secret.revealedBytes())
        let mk = Hex.encode(masterKey.secret.revealedBytes())
        func test(
            _ comment: String, _ flags: [String], _ purpose: String, _ key: String, account: AccountID = accountID,
            kdf block: KDFParameters? = kdf, _ wrapped: [UInt8], expect: String? = nil
        ) -> MasterKeyWrapCase {
            MasterKeyWrapCase(
                comment: comment, flags: flags, purpose: purpose, wrappingKey: key,
                accountId: Hex.encode(account.bytes),
                kdf: purpose == "password" ? block.map { Hex.encode($0.encoded) } : nil, wrapped: Hex.encode(wrapped),
                masterKey: expect == nil ? mk : nil, result: expect == nil ? "valid" : "invalid", expect: expect
            )
        }
        var moreMemory = kdf
        moreMemory.memoryKiB += 1
        var otherSalt = kdf
        otherSalt.salt[0] ^= 1
        var fewerPasses = kdf
        fewerPasses.iterations = 4
        let tampered = "recordTampered"
        let cases = [
            test("password slot", [], "password", pk, password.encoded),
            test("recovery slot", [], "recovery", rk, recovery.encoded),
            test(
                "password wrap under another account id", ["BoundAccount"], "password", pk, account: otherAccount,
                password.encoded, expect: tampered),
            test(
                "recovery wrap under another account id", ["BoundAccount"], "recovery", rk, account: otherAccount,
                recovery.encoded, expect: tampered),
            test(
                "KDF memory edited", ["BoundKdf"], "password", pk, kdf: moreMemory, password.encoded, expect: tampered),
            test(
                "KDF passes edited", ["BoundKdf"], "password", pk, kdf: fewerPasses, password.encoded,
                expect: tampered),
            test("KDF salt edited", ["BoundKdf"], "password", pk, kdf: otherSalt, password.encoded, expect: tampered),
            test(
                "recovery wrap moved into the password slot", ["BoundPurpose"], "password", rk, recovery.encoded,
                expect: tampered),
            test(
                "password wrap moved into the recovery slot", ["BoundPurpose"], "recovery", pk, password.encoded,
                expect: tampered),
            test(
                "nonce byte flipped", ["Modified"], "password", pk, KeysVectors.flip(password.encoded, 3),
                expect: tampered),
            test(
                "ciphertext byte flipped", ["Modified"], "password", pk, KeysVectors.flip(password.encoded, 30),
                expect: tampered),
            test(
                "tag byte flipped", ["Modified"], "recovery", rk, KeysVectors.flip(recovery.encoded, 71),
                expect: tampered),
            test(
                "wrong password key", ["WrongKey"], "password", Hex.encode(random.bytes(32)), password.encoded,
                expect: tampered),
            test(
                "truncated to 71 bytes", ["Length"], "password", pk, Array(password.encoded.dropLast()),
                expect: "malformedRecord"),
            test("one trailing byte", ["Length"], "password", pk, password.encoded + [0], expect: "malformedRecord"),
        ]
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "The master-key wrap of Spec/accounts.md: XChaCha20-Poly1305 with associated data binding the",
                "format version, the purpose, the account id and (password slot) the KDF parameters.",
            ],
            notes: [
                "BoundAccount": "the associated data binds the account id",
                "BoundKdf": "the associated data binds the KDF block",
                "BoundPurpose":
                    "the associated data binds the slot (purpose byte); the recovery slot also uses a derived key",
                "Modified": "a byte of the wrap itself was changed", "WrongKey": "an unrelated key",
                "Length": "a wrap is exactly 72 bytes, checked before the AEAD",
            ],
            groups: [("MasterKeyWrap", cases)]
        )
    }
}
