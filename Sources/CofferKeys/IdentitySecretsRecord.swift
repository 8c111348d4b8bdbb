// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The identity secret keys, encrypted under a key only the master key gives:
///
/// `identitySecretsKey = crypto_kdf(masterKey, id: 1, context: "cofferid")` (BLAKE2b, libsodium `crypto_kdf`);
/// `record = "CFIS" ‖ 0x01 ‖ accountID₁₆ ‖ nonce₂₄ ‖ XChaCha20-Poly1305(identitySecretsKey, nonce,
///           x25519Secret₃₂ ‖ ed25519Seed₃₂, aad: "coffer/v1/identity-secrets" ‖ record[0..<21])` — 125 bytes.
///
/// On open the public keys are re-derived from the secrets and compared with the expected ones (from the
/// signed bundle); a record whose keys do not match is refused (`identityKeyMismatch`).
public struct IdentitySecretsRecord: Sendable, Equatable {
    public static let kind = "identity secrets"
    public static let magic = "CFIS"
    public static let label = "coffer/v1/identity-secrets"
    public static let subkeyContext = "cofferid"
    public static let subkeyID: UInt64 = 1
    public static let byteCount = 4 + 1 + 16 + 24 + 64 + 16

    public let accountID: AccountID
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]

    /// `crypto_kdf(masterKey, 1, "cofferid")`.
    public static func key(from masterKey: MasterKey) -> IdentitySecretsKey {
        IdentitySecretsKey(
            validated: try! SubkeyDerivation.deriveSubkey(
                from: masterKey.secret, id: subkeyID, context: subkeyContext
            ))
    }

    /// Encrypts `keys` for the account they name.
    public static func seal(
        _ keys: IdentityKeyPair, under key: IdentitySecretsKey, nonce: [UInt8] = SecureRandom.bytes(count: 24)
    ) -> IdentitySecretsRecord {
        let accountID = keys.accountID
        let plaintext = keys.agreement.rawRepresentation.revealedBytes() + keys.signing.seed.revealedBytes()
        let sealed = try! XChaCha20Poly1305.seal(
            plaintext, using: key.secret, nonce: nonce, authenticating: aad(accountID))
        return IdentitySecretsRecord(accountID: accountID, nonce: nonce, ciphertext: sealed)
    }

    /// Decrypts (any edited byte, or a record of another account: `recordTampered`) and checks that the secrets
    /// derive exactly `expected` (`identityKeyMismatch`).
    public func open(
        with key: IdentitySecretsKey, expecting expected: IdentityPublicKeys
    ) throws(KeysError) -> IdentityKeyPair {
        let plaintext: [UInt8]
        do {
            plaintext = try XChaCha20Poly1305.open(
                ciphertext, using: key.secret, nonce: nonce, authenticating: Self.aad(accountID))
        } catch {
            throw .recordTampered(kind: Self.kind)
        }
        let keys = try IdentityKeyPair(
            agreementSecret: SecretBytes(plaintext.prefix(32)), signingSeed: SecretBytes(plaintext.suffix(32))
        )
        guard keys.publicKeys.agreement == expected.agreement else { throw .identityKeyMismatch("X25519") }
        guard keys.publicKeys.signing == expected.signing else { throw .identityKeyMismatch("Ed25519") }
        return keys
    }

    public var encoded: [UInt8] { Self.header(accountID) + nonce + ciphertext }

    /// Parses exactly 125 bytes (magic, version, length checked first).
    public init(encoded bytes: [UInt8]) throws(KeysError) {
        try RecordHeader.check(bytes, kind: Self.kind, magic: Self.magic, length: Self.byteCount)
        var reader = ByteReader(bytes)
        _ = reader.take(5)
        accountID = try AccountID(bytes: reader.take(16))
        nonce = reader.take(24)
        ciphertext = reader.take(80)
    }

    private init(accountID: AccountID, nonce: [UInt8], ciphertext: [UInt8]) {
        self.accountID = accountID
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    private static func header(_ accountID: AccountID) -> [UInt8] {
        Array(magic.utf8) + [RecordHeader.versionOne] + accountID.bytes
    }

    static func aad(_ accountID: AccountID) -> [UInt8] { Array(label.utf8) + header(accountID) }
}
