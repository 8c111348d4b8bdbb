// SPDX-License-Identifier: MIT
internal import Crypto
internal import Foundation

/// MLKEM768-X25519 — the X-Wing hybrid KEM (draft-connolly-cfrg-xwing-kem, HPKE KEM id `0x647a`, called
/// MLKEM768-X25519 in draft-ietf-hpke-pq) — and HPKE base mode (RFC 9180 §6.1) over it with HKDF-SHA-256 and
/// ChaCha20-Poly1305: the KEM of age's post-quantum `mlkem768x25519` recipient.
///
/// The only file that calls apple/swift-crypto (which runs BoringSSL's X-Wing and ML-KEM); no swift-crypto type
/// leaves it. The private key is a 32-byte seed, expanded by X-Wing as `SHAKE-256(seed, 96)` into the ML-KEM-768
/// seed `d ‖ z` and the X25519 scalar. The public key is `ML-KEM-768 encapsulation key (1184) ‖ X25519 point (32)`,
/// the encapsulated key `ML-KEM-768 ciphertext (1088) ‖ X25519 ephemeral share (32)`.
package enum MLKEM768X25519 {
    package static let seedByteCount = 32
    package static let publicKeyByteCount = 1216
    package static let encapsulatedKeyByteCount = 1120

    private static var ciphersuite: HPKE.Ciphersuite {
        HPKE.Ciphersuite(kem: .XWingMLKEM768X25519, kdf: .HKDF_SHA256, aead: .chaChaPoly)
    }

    /// A hybrid private key: the 32-byte seed, zeroed on free, and the public key derived from it.
    package struct PrivateKey: Sendable {
        /// `identity = read(CSPRNG, 32)` — what age's `AGE-SECRET-KEY-PQ-1…` encodes.
        package let seed: SecretBytes
        package let publicKey: PublicKey
        let key: XWingMLKEM768X25519.PrivateKey

        /// A fresh key from the CSPRNG.
        package static func generate() throws(PrimitiveError) -> PrivateKey {
            try PrivateKey(seed: .random(count: MLKEM768X25519.seedByteCount))
        }

        /// `PrivateKeyToPublicKey(seed)`; throws `invalidLength` unless the seed is 32 bytes.
        package init(seed: SecretBytes) throws(PrimitiveError) {
            guard seed.count == MLKEM768X25519.seedByteCount else {
                throw .invalidLength(what: "MLKEM768-X25519 seed", expected: "32", actual: seed.count)
            }
            let expanded: XWingMLKEM768X25519.PrivateKey? = seed.withUnsafeBytes { bytes in
                try? XWingMLKEM768X25519.PrivateKey(seedRepresentation: bytes, publicKey: nil)
            }
            // X-Wing accepts every 32-byte seed; this refusal is unreachable but stays typed.
            guard let expanded else {
                throw .invalidLength(what: "MLKEM768-X25519 seed (expansion refused)", expected: "32", actual: 32)
            }
            self.seed = seed
            self.key = expanded
            self.publicKey = PublicKey(validatedBytes: Array(expanded.publicKey.rawRepresentation))
        }
    }

    /// A hybrid public key of 1216 bytes; the ML-KEM part is checked to be canonical (every coefficient below q).
    package struct PublicKey: Sendable, Hashable {
        package let rawRepresentation: [UInt8]

        package init(rawRepresentation: [UInt8]) throws(PrimitiveError) {
            guard rawRepresentation.count == MLKEM768X25519.publicKeyByteCount else {
                throw .invalidLength(
                    what: "MLKEM768-X25519 public key", expected: "1216", actual: rawRepresentation.count)
            }
            guard PublicKey.isCanonical(rawRepresentation) else { throw .invalidPublicKey }
            self.rawRepresentation = rawRepresentation
        }

        /// FIPS 203 §7.2's modulus check on the ML-KEM-768 part: `ByteEncode₁₂(ByteDecode₁₂(t̂))` must give back
        /// the same 1152 bytes, i.e. every 12-bit little-endian coefficient (two per 3 bytes) is below q = 3329.
        /// swift-crypto only checks the length when a key is created, so the check is made here, where an
        /// `age1pq1…` string is parsed, rather than when the first file is encrypted to it.
        static func isCanonical(_ key: [UInt8]) -> Bool {
            let q: UInt16 = 3329
            var index = 0
            while index + 3 <= 1152 {
                let (b0, b1, b2) = (UInt16(key[index]), UInt16(key[index + 1]), UInt16(key[index + 2]))
                if (b0 | (b1 & 0x0F) << 8) >= q || (b1 >> 4 | b2 << 4) >= q { return false }
                index += 3
            }
            return true
        }

        init(validatedBytes: [UInt8]) {
            rawRepresentation = validatedBytes
        }
    }

    /// `enc, ct = SealBase(pkR: recipient, info, aad: "", plaintext)` — a fresh encapsulation every call.
    package static func seal(
        _ plaintext: SecretBytes, to recipient: PublicKey, info: [UInt8]
    ) throws(PrimitiveError) -> (encapsulatedKey: [UInt8], ciphertext: [UInt8]) {
        do {
            let key = try XWingMLKEM768X25519.PublicKey(rawRepresentation: recipient.rawRepresentation)
            var sender = try HPKE.Sender(recipientKey: key, ciphersuite: ciphersuite, info: Data(info))
            let ciphertext = try plaintext.withUnsafeBytes { try sender.seal($0) }
            return (Array(sender.encapsulatedKey), Array(ciphertext))
        } catch {
            throw .invalidPublicKey
        }
    }

    /// `plaintext = OpenBase(enc, skR: identity, info, aad: "", ciphertext)`.
    ///
    /// Throws `invalidLength` for an `enc` that is not 1120 bytes, `x25519LowOrderPoint` when the X25519 half of
    /// `enc` gives the all-zero shared secret (X-Wing's decapsulation refuses it), and `authenticationFailed` when
    /// the AEAD tag does not verify — which is also what a wrong key gives, since ML-KEM rejects implicitly.
    package static func open(
        _ ciphertext: [UInt8], encapsulatedKey: [UInt8], with identity: PrivateKey, info: [UInt8]
    ) throws(PrimitiveError) -> SecretBytes {
        guard encapsulatedKey.count == encapsulatedKeyByteCount else {
            throw .invalidLength(
                what: "MLKEM768-X25519 encapsulated key", expected: "1120", actual: encapsulatedKey.count)
        }
        var recipient: HPKE.Recipient
        do {
            recipient = try HPKE.Recipient(
                privateKey: identity.key, ciphersuite: ciphersuite, info: Data(info),
                encapsulatedKey: Data(encapsulatedKey))
        } catch {
            // ML-KEM decapsulation never fails on a well-sized input; only X25519's all-zero check can.
            throw .x25519LowOrderPoint
        }
        var opened: Data
        do {
            opened = try recipient.open(ciphertext)
        } catch {
            throw .authenticationFailed
        }
        let secret = SecretBytes(opened)
        opened.resetBytes(in: 0..<opened.count)
        return secret
    }
}
