// SPDX-License-Identifier: MIT
internal import CSodium

/// Ed25519 signatures (RFC 8032) through libsodium's `crypto_sign_*`.
///
/// Verification follows libsodium 1.0.18: S < L, no small-order A or R, canonical A, the cofactorless equation.
package enum Ed25519 {
    package static let seedByteCount = 32
    package static let publicKeyByteCount = 32
    package static let signatureByteCount = 64

    /// The 32-byte secret seed of RFC 8032 (libsodium's 64-byte secret key is seed ‖ public key).
    package struct SigningKey: Sendable {
        private let expanded: SecretBytes
        package let publicKey: VerifyingKey

        /// A fresh key pair from the CSPRNG.
        package init() {
            self.init(seed: SecretKey32.random())
        }

        /// The key pair for a seed of any length (`invalidLength` unless 32 bytes).
        package init(seed: SecretBytes) throws(PrimitiveError) {
            guard seed.count == Ed25519.seedByteCount else {
                throw .invalidLength(what: "Ed25519 seed", expected: "32", actual: seed.count)
            }
            self.init(seed: SecretKey32(unchecked: seed))
        }

        /// The key pair for a 32-byte seed, via `crypto_sign_seed_keypair`: cannot fail.
        package init(seed key: SecretKey32) {
            let seed = key.secret
            Sodium.ensureInitialized()
            var pk = [UInt8](repeating: 0, count: Ed25519.publicKeyByteCount)
            expanded = SecretBytes(count: 64) { sk in
                seed.withUnsafeBytes { s in
                    _ = crypto_sign_seed_keypair(&pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes(s))
                }
            }
            publicKey = VerifyingKey(validatedBytes: pk)
        }

        /// The 32-byte seed this key was made from.
        package var seed: SecretBytes {
            expanded.withUnsafeBytes { SecretBytes($0.prefix(Ed25519.seedByteCount)) }
        }

        /// The deterministic RFC 8032 signature of `message` (`crypto_sign_detached`).
        package func signature(for message: [UInt8]) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureByteCount)
            expanded.withUnsafeBytes { sk in
                message.withUnsafeBytes { m in
                    _ = crypto_sign_detached(&signature, nil, bytes(m), UInt64(m.count), bytes(sk))
                }
            }
            return signature
        }
    }

    /// A 32-byte Ed25519 public key.
    package struct VerifyingKey: Sendable, Hashable {
        package let rawRepresentation: [UInt8]

        /// Accepts exactly 32 bytes; whether they are a usable point is decided when a signature is checked.
        package init(rawRepresentation: [UInt8]) throws(PrimitiveError) {
            guard rawRepresentation.count == Ed25519.publicKeyByteCount else {
                throw .invalidLength(what: "Ed25519 public key", expected: "32", actual: rawRepresentation.count)
            }
            self.rawRepresentation = rawRepresentation
        }

        init(validatedBytes: [UInt8]) {
            rawRepresentation = validatedBytes
        }

        /// True only for a 64-byte signature that `crypto_sign_verify_detached` accepts.
        package func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
            guard signature.count == Ed25519.signatureByteCount else { return false }
            Sodium.ensureInitialized()
            return message.withUnsafeBytes { m in
                crypto_sign_verify_detached(signature, bytes(m), UInt64(m.count), rawRepresentation) == 0
            }
        }
    }
}
