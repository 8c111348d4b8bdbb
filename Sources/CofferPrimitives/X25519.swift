// SPDX-License-Identifier: MIT
internal import CSodium

/// X25519 Diffie-Hellman (RFC 7748) through libsodium's `crypto_scalarmult`.
package enum X25519 {
    package static let keyByteCount = 32

    /// A 32-byte X25519 scalar. Clamping happens inside the scalar multiplication, so any 32 bytes are a key.
    package struct PrivateKey: Sendable {
        package let rawRepresentation: SecretBytes

        /// A fresh key from the CSPRNG.
        package init() {
            rawRepresentation = .random(count: X25519.keyByteCount)
        }

        /// The scalar of a 32-byte key: cannot fail.
        package init(secret: SecretKey32) {
            rawRepresentation = secret.secret
        }

        package init(rawRepresentation: SecretBytes) throws(PrimitiveError) {
            guard rawRepresentation.count == X25519.keyByteCount else {
                throw .invalidLength(what: "X25519 private key", expected: "32", actual: rawRepresentation.count)
            }
            self.rawRepresentation = rawRepresentation
        }

        /// `X25519(scalar, 9)`: the public key, via `crypto_scalarmult_base`.
        package var publicKey: PublicKey {
            Sodium.ensureInitialized()
            var out = [UInt8](repeating: 0, count: X25519.keyByteCount)
            rawRepresentation.withUnsafeBytes { k in _ = crypto_scalarmult_base(&out, bytes(k)) }
            return PublicKey(validatedBytes: out)
        }

        /// `X25519(scalar, peer)`; throws `x25519LowOrderPoint` when the result is all zero (libsodium returns -1),
        /// which a contributory protocol such as age must treat as an attack.
        package func sharedSecret(with peer: PublicKey) throws(PrimitiveError) -> SecretBytes {
            Sodium.ensureInitialized()
            var status: Int32 = 0
            let secret = SecretBytes(count: X25519.keyByteCount) { out in
                rawRepresentation.withUnsafeBytes { k in
                    peer.rawRepresentation.withUnsafeBytes { p in
                        status = crypto_scalarmult(
                            out.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes(k), bytes(p))
                    }
                }
            }
            guard status == 0 else { throw .x25519LowOrderPoint }
            return secret
        }
    }

    /// A 32-byte X25519 public key (a u-coordinate). Any 32 bytes are accepted here; low-order points are caught
    /// when a shared secret is computed.
    package struct PublicKey: Sendable, Hashable {
        package let rawRepresentation: [UInt8]

        package init(rawRepresentation: [UInt8]) throws(PrimitiveError) {
            guard rawRepresentation.count == X25519.keyByteCount else {
                throw .invalidLength(what: "X25519 public key", expected: "32", actual: rawRepresentation.count)
            }
            self.rawRepresentation = rawRepresentation
        }

        init(validatedBytes: [UInt8]) {
            rawRepresentation = validatedBytes
        }
    }
}
