// SPDX-License-Identifier: MIT
internal import CSodium

/// The unauthenticated building blocks under the AEADs — ChaCha20 (RFC 8439 §2.4), HChaCha20 and XChaCha20
/// (draft-irtf-cfrg-xchacha-03) and Poly1305 (RFC 8439 §2.5). They exist so the audit can check libsodium
/// against the RFC test vectors; protocol code must use `ChaCha20Poly1305` or `XChaCha20Poly1305` instead.
package enum RawChaCha20 {
    /// `input ⊕ ChaCha20(key, nonce₁₂, counter…)` (`crypto_stream_chacha20_ietf_xor_ic`).
    package static func xor(_ input: [UInt8], key: SecretBytes, nonce: [UInt8], counter: UInt32) throws(PrimitiveError)
        -> [UInt8]
    {
        try checkLengths(key: key, nonce: nonce, nonceByteCount: 12)
        var out = [UInt8](repeating: 0, count: input.count)
        key.withUnsafeBytes { k in
            _ = crypto_stream_chacha20_ietf_xor_ic(&out, input, UInt64(input.count), nonce, counter, bytes(k))
        }
        return out
    }

    /// `input ⊕ XChaCha20(key, nonce₂₄, counter…)` (`crypto_stream_xchacha20_xor_ic`).
    package static func xchachaXor(_ input: [UInt8], key: SecretBytes, nonce: [UInt8], counter: UInt64)
        throws(PrimitiveError) -> [UInt8]
    {
        try checkLengths(key: key, nonce: nonce, nonceByteCount: 24)
        var out = [UInt8](repeating: 0, count: input.count)
        key.withUnsafeBytes { k in
            _ = crypto_stream_xchacha20_xor_ic(&out, input, UInt64(input.count), nonce, counter, bytes(k))
        }
        return out
    }

    /// `HChaCha20(key, nonce₁₆)`, the 32-byte subkey of XChaCha20 (`crypto_core_hchacha20`).
    package static func hchacha20(key: SecretBytes, nonce: [UInt8]) throws(PrimitiveError) -> SecretBytes {
        try checkLengths(key: key, nonce: nonce, nonceByteCount: 16)
        return SecretBytes(count: 32) { out in
            key.withUnsafeBytes { k in
                _ = crypto_core_hchacha20(out.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce, bytes(k), nil)
            }
        }
    }

    /// `Poly1305(oneTimeKey, message)` (`crypto_onetimeauth_poly1305`).
    package static func poly1305(_ message: [UInt8], oneTimeKey: SecretBytes) throws(PrimitiveError) -> [UInt8] {
        guard oneTimeKey.count == 32 else {
            throw .invalidLength(what: "Poly1305 key", expected: "32", actual: oneTimeKey.count)
        }
        Sodium.ensureInitialized()
        var tag = [UInt8](repeating: 0, count: 16)
        oneTimeKey.withUnsafeBytes { k in
            message.withUnsafeBytes { m in _ = crypto_onetimeauth_poly1305(&tag, bytes(m), UInt64(m.count), bytes(k)) }
        }
        return tag
    }

    private static func checkLengths(key: SecretBytes, nonce: [UInt8], nonceByteCount: Int) throws(PrimitiveError) {
        Sodium.ensureInitialized()
        guard key.count == 32 else { throw .invalidLength(what: "ChaCha20 key", expected: "32", actual: key.count) }
        guard nonce.count == nonceByteCount else {
            throw .invalidLength(what: "ChaCha20 nonce", expected: "\(nonceByteCount)", actual: nonce.count)
        }
    }
}
