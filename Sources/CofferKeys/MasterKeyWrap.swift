// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The master key sealed under a password key or a recovery key:
///
/// `wrapped = nonce₂₄ ‖ XChaCha20-Poly1305(key: wrappingKey, nonce, plaintext: masterKey, aad)` where
/// `aad = "coffer/v1/master-key-wrap" ‖ version (1) ‖ purpose ‖ accountID₁₆ ‖ kdf` and
/// purpose 0x01 = password (wrappingKey = passwordKey, kdf = the 29-byte KDF block) or
/// purpose 0x02 = recovery (wrappingKey = HKDF(recoveryKey, "coffer/v1/recovery-wrap-key"), kdf empty).
///
/// The associated data binds the wrap to its account, its slot and the KDF parameters that produced its key,
/// so a wrap moved to another account or slot, or served with edited parameters, fails as `recordTampered`.
package struct WrappedMasterKey: Sendable, Equatable {
    package static let label = "coffer/v1/master-key-wrap"
    package static let byteCount = 24 + 32 + 16

    package enum Purpose: UInt8, Sendable, CaseIterable {
        case password = 1
        case recovery = 2
    }

    package let nonce: [UInt8]
    package let ciphertext: [UInt8]

    /// 72 bytes: nonce (24) ‖ ciphertext (32) ‖ tag (16).
    package var encoded: [UInt8] { nonce + ciphertext }

    package init(encoded: [UInt8]) throws(KeysError) {
        guard encoded.count == Self.byteCount else {
            throw .malformedRecord(kind: "wrapped master key", reason: "is \(encoded.count) bytes, expected 72")
        }
        nonce = Array(encoded.prefix(24))
        ciphertext = Array(encoded.dropFirst(24))
    }

    /// The associated data of one wrap (see the type's formula).
    package static func associatedData(purpose: Purpose, accountID: AccountID, kdf: KDFParameters?) -> [UInt8] {
        var writer = RecordWriter()
        writer.append(ascii: label)
        writer.append(RecordHeader.versionOne)
        writer.append(purpose.rawValue)
        writer.append(accountID.bytes)
        if purpose == .password, let kdf { writer.append(kdf.encoded) }
        return writer.bytes
    }

    /// Seals under the password key, binding the KDF parameters that produced it.
    package static func seal(
        _ masterKey: MasterKey, under key: PasswordKey, accountID: AccountID, kdf: KDFParameters,
        nonce: [UInt8] = SecureRandom.bytes(count: 24)
    ) -> WrappedMasterKey {
        seal(
            masterKey, key: key.key, aad: associatedData(purpose: .password, accountID: accountID, kdf: kdf),
            nonce: nonce)
    }

    /// Seals under the recovery key's wrap key.
    package static func seal(
        _ masterKey: MasterKey, under key: RecoveryKey, accountID: AccountID,
        nonce: [UInt8] = SecureRandom.bytes(count: 24)
    ) -> WrappedMasterKey {
        seal(
            masterKey, key: key.wrapKey, aad: associatedData(purpose: .recovery, accountID: accountID, kdf: nil),
            nonce: nonce)
    }

    /// Opens a password wrap; `recordTampered` if any bound field differs from when it was sealed.
    package func open(with key: PasswordKey, accountID: AccountID, kdf: KDFParameters) throws(KeysError) -> MasterKey {
        try open(key: key.key, aad: Self.associatedData(purpose: .password, accountID: accountID, kdf: kdf))
    }

    /// Opens a recovery wrap; `recordTampered` if any bound field differs from when it was sealed.
    package func open(with key: RecoveryKey, accountID: AccountID) throws(KeysError) -> MasterKey {
        try open(key: key.wrapKey, aad: Self.associatedData(purpose: .recovery, accountID: accountID, kdf: nil))
    }

    private static func seal(_ masterKey: MasterKey, key: SecretKey32, aad: [UInt8], nonce: [UInt8]) -> WrappedMasterKey
    {
        let nonce = Nonce24(chosen: nonce)
        let sealed = XChaCha20Poly1305.seal(secret: masterKey.secret, using: key, nonce: nonce, authenticating: aad)
        return WrappedMasterKey(nonce: nonce, ciphertext: sealed)
    }

    /// 24 + 48 bytes by construction: a 24-byte nonce and the seal of a 32-byte key.
    private init(nonce: Nonce24, ciphertext: [UInt8]) {
        self.nonce = nonce.bytes
        self.ciphertext = ciphertext
    }

    private func open(key: SecretKey32, aad: [UInt8]) throws(KeysError) -> MasterKey {
        do {
            // 48 bytes of ciphertext (the encoded length is checked) open to exactly 32, straight into zeroing storage.
            let plaintext = try XChaCha20Poly1305.openSecret(
                ciphertext, using: key.secret, nonce: nonce, authenticating: aad)
            return MasterKey(key: try SecretKey32(plaintext))
        } catch {
            throw .recordTampered(kind: "wrapped master key")
        }
    }
}
