// SPDX-License-Identifier: MIT
internal import CSodium

/// An IETF AEAD from libsodium: 256-bit key, a nonce of `nonceByteCount` bytes, a 128-bit tag appended to the
/// ciphertext. `ChaCha20Poly1305` and `XChaCha20Poly1305` differ only in their nonce and C functions.
package protocol IETFAEAD {
    static var keyByteCount: Int { get }
    static var nonceByteCount: Int { get }
    static var tagByteCount: Int { get }
    /// The functions behind the type (libsodium's): opaque, and only constructible inside this module.
    static var functions: AEADFunctions { get }
}

/// ChaCha20-Poly1305 as specified in RFC 8439 (libsodium's `crypto_aead_chacha20poly1305_ietf_*`):
/// 256-bit key, 96-bit nonce, 128-bit tag appended to the ciphertext. The payload cipher of age v1.
///
/// Two backends compute the same function: libsodium (every use by default) and OpenSSL 3's libcrypto, which the
/// payload uses by default (`payloadBackend`) because it is faster per core (BENCHMARKS.md). Both are checked
/// against the Wycheproof, RFC 8439 and CCTV age vectors.
package enum ChaCha20Poly1305: IETFAEAD {
    package static let keyByteCount = 32
    package static let nonceByteCount = 12
    package static let tagByteCount = 16

    /// Which library computes ChaCha20-Poly1305. Output is identical; only speed differs.
    package enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
        case libsodium
        case openssl

        package var description: String { self == .libsodium ? "libsodium" : "OpenSSL" }

        var functions: AEADFunctions {
            self == .libsodium ? ChaCha20Poly1305.functions : OpenSSLChaCha20Poly1305.functions
        }
    }

    /// The backend of the age payload (the STREAM chunks): OpenSSL, measured faster per core on x86-64.
    package static let payloadBackend = Backend.openssl

    package static let functions = AEADFunctions.sodium(
        name: "ChaCha20-Poly1305", nonceByteCount: nonceByteCount,
        encrypt: crypto_aead_chacha20poly1305_ietf_encrypt, decrypt: crypto_aead_chacha20poly1305_ietf_decrypt
    )

    /// In-place-capable form for the STREAM hot path: `output.count` must be `input.count + 16`.
    package static func seal(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, backend: Backend = .libsodium
    ) throws(PrimitiveError) {
        try backend.functions.seal(
            input, into: output, key: key, nonce: nonce, aad: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// `seal(_:into:key:nonce:backend:)` for a caller that sized every buffer itself, so nothing is left to throw:
    /// the age payload seals each chunk under its 32-byte derived key and its 12-byte counter nonce into exactly
    /// `input.count + 16` bytes. The lengths are still checked, by a precondition: a mismatch would be a bug in that
    /// caller, never something an input can cause.
    package static func sealSized(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, backend: Backend
    ) {
        precondition(
            key.count == keyByteCount && nonce.count == nonceByteCount && output.count == input.count + tagByteCount,
            "ChaCha20-Poly1305: a 32-byte key, a 12-byte nonce and an output 16 bytes longer than the input")
        backend.functions.backendSeal(input, output, key, nonce, UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Buffer form of `open`: `output.count` must be `input.count - 16`; on failure `output` is zeroed.
    package static func open(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, backend: Backend = .libsodium
    ) throws(PrimitiveError) {
        try backend.functions.open(
            input, into: output, key: key, nonce: nonce, aad: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// `ciphertext ‖ tag` computed by `backend` (the vectors run every backend through this).
    package static func seal(
        _ plaintext: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8] = [],
        backend: Backend
    ) throws(PrimitiveError) -> [UInt8] {
        try backend.functions.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
    }

    /// Opens `ciphertext ‖ tag` with `backend`; nothing is returned unless the tag verifies.
    package static func open(
        _ sealed: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8] = [],
        backend: Backend
    ) throws(PrimitiveError) -> [UInt8] {
        try backend.functions.open(sealed, using: key, nonce: nonce, authenticating: aad)
    }
}

/// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03, libsodium's `crypto_aead_xchacha20poly1305_ietf_*`):
/// the same construction with a 192-bit nonce, safe to pick at random for every message.
package enum XChaCha20Poly1305: IETFAEAD {
    package static let keyByteCount = 32
    package static let nonceByteCount = 24
    package static let tagByteCount = 16

    package static let functions = AEADFunctions.sodium(
        name: "XChaCha20-Poly1305", nonceByteCount: nonceByteCount,
        encrypt: crypto_aead_xchacha20poly1305_ietf_encrypt, decrypt: crypto_aead_xchacha20poly1305_ietf_decrypt
    )
}

extension IETFAEAD {
    /// `ciphertext ‖ tag = AEAD(key, nonce, plaintext, aad)`.
    package static func seal(
        _ plaintext: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8] = []
    ) throws(PrimitiveError) -> [UInt8] {
        try functions.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
    }

    /// Opens `ciphertext ‖ tag`; nothing is returned unless the tag verifies.
    package static func open(
        _ sealed: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8] = []
    ) throws(PrimitiveError) -> [UInt8] {
        try functions.open(sealed, using: key, nonce: nonce, authenticating: aad)
    }

    /// Opens `ciphertext ‖ tag` whose plaintext is a key, straight into zeroing storage.
    package static func openSecret(
        _ sealed: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8] = []
    ) throws(PrimitiveError) -> SecretBytes {
        try functions.openSecret(sealed, using: key, nonce: nonce, authenticating: aad)
    }
}
