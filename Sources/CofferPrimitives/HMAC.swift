// SPDX-License-Identifier: MIT

/// HMAC (RFC 2104) over SHA-256 or SHA-512: `HMAC<SHA256>.authenticationCode(for: message, using: key)`.
package enum HMAC<H: HMACHashFunction> {
    /// `HMAC-H(key, message)`, the full L-byte tag.
    package static func authenticationCode(for message: [UInt8], using key: SecretBytes) -> [UInt8] {
        key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in H.authenticationCode(key: k, parts: [m]) }
        }
    }

    /// True when `tag` equals the first `tag.count` bytes of `HMAC-H(key, message)`, compared in constant time.
    /// A tag shorter than 16 bytes or longer than L is refused: truncation below 128 bits is not accepted.
    package static func isValidAuthenticationCode(
        _ tag: [UInt8], for message: [UInt8], using key: SecretBytes
    ) -> Bool {
        guard tag.count >= 16, tag.count <= H.digestByteCount else { return false }
        let full = authenticationCode(for: message, using: key)
        return ConstantTime.equals(Array(full.prefix(tag.count)), tag)
    }
}
