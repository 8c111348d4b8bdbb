// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The identity secret keys, encrypted under a key only the master key gives:
///
/// `identitySecretsKey = crypto_kdf(masterKey, id: 1, context: "cofferid")` (BLAKE2b, libsodium `crypto_kdf`);
/// `record = "CFIS" ‖ v ‖ accountID₁₆ ‖ nonce₂₄ ‖ XChaCha20-Poly1305(identitySecretsKey, nonce, secrets,
///           aad: "coffer/v1/identity-secrets" ‖ record[0..<21])`, where version `v = 0x01` seals
/// `x25519Secret₃₂ ‖ ed25519Seed₃₂` (125 bytes) and `v = 0x02` seals `x25519Secret₃₂ ‖ ed25519Seed₃₂ ‖
/// mlkem768x25519Seed₃₂` (157 bytes). The version byte is in the associated data.
///
/// On open the public keys are re-derived from the secrets and compared with the expected ones (from the
/// signed bundle); a record whose keys do not match is refused (`identityKeyMismatch`).
package struct IdentitySecretsRecord: Sendable, Equatable {
    package static let kind = "identity secrets"
    package static let magic = "CFIS"
    package static let label = "coffer/v1/identity-secrets"
    package static let subkeyContext = MasterKeyContext.identitySecrets.rawValue
    package static let subkeyID: UInt64 = 1
    package static let byteCount = 4 + 1 + 16 + 24 + 64 + 16
    package static let postQuantumByteCount = byteCount + MLKEM768X25519.seedByteCount

    package let version: UInt8
    package let accountID: AccountID
    package let nonce: [UInt8]
    package let ciphertext: [UInt8]

    /// `crypto_kdf(masterKey, 1, "cofferid")`.
    package static func key(from masterKey: MasterKey) -> IdentitySecretsKey {
        IdentitySecretsKey(
            key: SubkeyDerivation.deriveKey32(
                from: masterKey.key, id: subkeyID, context: MasterKeyContext.identitySecrets))
    }

    /// Encrypts `keys` for the account they name (version 2 when they include a hybrid key).
    package static func seal(
        _ keys: IdentityKeyPair, under key: IdentitySecretsKey, nonce: [UInt8] = SecureRandom.bytes(count: 24)
    ) -> IdentitySecretsRecord {
        let accountID = keys.accountID
        let version = keys.hybrid == nil ? RecordHeader.versionOne : RecordHeader.versionTwo
        let parts = [keys.agreement.rawRepresentation, keys.signing.seed] + (keys.hybrid.map { [$0.seed] } ?? [])
        let plaintext = SecretBytes(count: parts.reduce(0) { $0 + $1.count }) { out in
            var offset = 0
            for part in parts {
                part.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[offset...]).copyMemory(from: $0) }
                offset += part.count
            }
        }
        let sealed = XChaCha20Poly1305.seal(
            secret: plaintext, using: key.key, nonce: Nonce24(chosen: nonce),
            authenticating: aad(accountID, version: version))
        return IdentitySecretsRecord(version: version, accountID: accountID, nonce: nonce, ciphertext: sealed)
    }

    /// Decrypts (any edited byte, or a record of another account: `recordTampered`) and checks that the secrets
    /// derive exactly `expected` (`identityKeyMismatch`). A bundle with a hybrid key needs a version 2 record; a
    /// version 2 record beside a version 1 bundle is an upgrade that stopped before the bundle was written, and
    /// opens to the classical keys alone (the hybrid key was never published).
    package func open(
        with key: IdentitySecretsKey, expecting expected: IdentityPublicKeys
    ) throws(KeysError) -> IdentityKeyPair {
        let plaintext: [UInt8]
        do {
            plaintext = try XChaCha20Poly1305.open(
                ciphertext, using: key.secret, nonce: nonce, authenticating: Self.aad(accountID, version: version))
        } catch {
            throw .recordTampered(kind: Self.kind)
        }
        let keys = try IdentityKeyPair(
            agreementSecret: SecretBytes(plaintext[0..<32]), signingSeed: SecretBytes(plaintext[32..<64]),
            hybridSeed: plaintext.count > 64 ? SecretBytes(plaintext[64...]) : nil)
        let derived = keys.publicKeys
        guard derived.agreement == expected.agreement else { throw .identityKeyMismatch("X25519") }
        guard derived.signing == expected.signing else { throw .identityKeyMismatch("Ed25519") }
        guard let published = expected.hybrid else { return keys.classical }
        guard derived.hybrid == published else { throw .identityKeyMismatch("MLKEM768-X25519") }
        return keys
    }

    package var encoded: [UInt8] { Self.header(accountID, version: version) + nonce + ciphertext }

    /// Parses exactly 125 (version 1) or 157 (version 2) bytes (magic, version, length checked first).
    package init(encoded bytes: [UInt8]) throws(KeysError) {
        do throws(RecordDecodingError) {
            let header = try RecordHeader.read(
                bytes, magic: Self.magic,
                lengths: [
                    RecordHeader.versionOne: .exactly(Self.byteCount),
                    RecordHeader.versionTwo: .exactly(Self.postQuantumByteCount),
                ])
            version = header.version
            var reader = header.reader
            accountID = try reader.accountID("account id")
            nonce = try reader.take(24, "nonce")
            ciphertext = try reader.take(reader.remaining, "ciphertext")
        } catch {
            throw .decoding(error, kind: Self.kind)
        }
    }

    private init(version: UInt8, accountID: AccountID, nonce: [UInt8], ciphertext: [UInt8]) {
        self.version = version
        self.accountID = accountID
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    private static func header(_ accountID: AccountID, version: UInt8) -> [UInt8] {
        Array(magic.utf8) + [version] + accountID.bytes
    }

    static func aad(_ accountID: AccountID, version: UInt8) -> [UInt8] {
        Array(label.utf8) + header(accountID, version: version)
    }
}
