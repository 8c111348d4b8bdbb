// SPDX-License-Identifier: MIT

/// A 32-byte secret key: an AEAD key, a `crypto_kdf` master key, an Ed25519 seed, an X25519 scalar.
///
/// The length is the type's invariant, checked in one place (`init(_:)`) or guaranteed by the function that made
/// the key (`random()`, `HKDF<SHA256>.deriveKey32`, `SubkeyDerivation.deriveKey32`), so the operations that take
/// one — a seal under a fixed-size nonce, `crypto_kdf`, a signing or agreement key — cannot fail and need no
/// `try!`. The secret lives in `SecretBytes`: zeroed on free, compared in constant time, never printed.
package struct SecretKey32: Sendable, Equatable, CustomStringConvertible {
    package static let byteCount = 32

    /// The key's bytes (always 32).
    package let secret: SecretBytes

    /// Checks the length once (`invalidLength` otherwise).
    package init(_ secret: SecretBytes) throws(PrimitiveError) {
        guard secret.count == Self.byteCount else {
            throw .invalidLength(what: "32-byte key", expected: "32", actual: secret.count)
        }
        self.secret = secret
    }

    /// For a secret whose length the caller checked or made at 32 (a role type's `init(validated:)`): a wrong
    /// length stops the process, so only call it where no input can reach it.
    package init(validated secret: SecretBytes) {
        precondition(secret.count == Self.byteCount, "a 32-byte key's length was not checked")
        self.secret = secret
    }

    /// For this module's producers, whose output length is the constant 32.
    init(unchecked secret: SecretBytes) { self.secret = secret }

    /// 32 bytes from the CSPRNG.
    package static func random() -> SecretKey32 { SecretKey32(unchecked: .random(count: byteCount)) }

    package var description: String { "SecretKey32(redacted)" }
}

/// A 12-byte ChaCha20-Poly1305 nonce (public). Its length is checked once, when it is made from bytes.
package struct Nonce12: Sendable, Equatable {
    package static let byteCount = ChaCha20Poly1305.nonceByteCount
    /// All zero: for keys used once (age's stanza wraps, a link's key wrap).
    package static let zero = Nonce12(unchecked: [UInt8](repeating: 0, count: byteCount))

    package let bytes: [UInt8]

    package init(_ bytes: [UInt8]) throws(PrimitiveError) {
        guard bytes.count == Self.byteCount else {
            throw .invalidLength(what: "ChaCha20-Poly1305 nonce", expected: "12", actual: bytes.count)
        }
        self.bytes = bytes
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// A 24-byte XChaCha20-Poly1305 nonce (public), safe to pick at random. Its length is checked once.
package struct Nonce24: Sendable, Equatable {
    package static let byteCount = XChaCha20Poly1305.nonceByteCount

    package let bytes: [UInt8]

    package init(_ bytes: [UInt8]) throws(PrimitiveError) {
        guard bytes.count == Self.byteCount else {
            throw .invalidLength(what: "XChaCha20-Poly1305 nonce", expected: "24", actual: bytes.count)
        }
        self.bytes = bytes
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// A nonce a reproducible vector chose (`nonce:` parameters default to a random one). Vectors pass 24 bytes
    /// and no input reaches these parameters; a nonce of another length stops the process rather than being used.
    package init(chosen bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a chosen XChaCha20-Poly1305 nonce is 24 bytes")
        self.bytes = bytes
    }

    /// 24 bytes from the CSPRNG.
    package static func random() -> Nonce24 { Nonce24(unchecked: SecureRandom.bytes(count: byteCount)) }
}

/// The fixed key lengths that Coffer's derivations produce: within every KDF's range, so no length to check.
package enum KeyLength: Int, Sendable {
    case bytes16 = 16
    case bytes32 = 32
}

/// A 16-byte secret key (a link secret): its length is the type's invariant, checked once in `init(_:)`, so a
/// keyed BLAKE2b under it cannot fail.
package struct SecretKey16: Sendable, Equatable, CustomStringConvertible {
    package static let byteCount = 16

    /// The key's bytes (always 16).
    package let secret: SecretBytes

    /// Checks the length once (`invalidLength` otherwise).
    package init(_ secret: SecretBytes) throws(PrimitiveError) {
        guard secret.count == Self.byteCount else {
            throw .invalidLength(what: "16-byte key", expected: "16", actual: secret.count)
        }
        self.secret = secret
    }

    private init(unchecked secret: SecretBytes) { self.secret = secret }

    /// 16 bytes from the CSPRNG.
    package static func random() -> SecretKey16 { SecretKey16(unchecked: .random(count: byteCount)) }

    package var description: String { "SecretKey16(redacted)" }
}
