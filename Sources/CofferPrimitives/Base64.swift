// SPDX-License-Identifier: MIT
internal import CSodium

/// Canonical unpadded base64 (RFC 4648 §4 and §5) through libsodium's `sodium_bin2base64` / `sodium_base642bin`.
///
/// Decoding accepts only the one encoding `encode` would produce: no padding, no whitespace, no characters
/// outside the alphabet (non-ASCII bytes are refused here, before libsodium sees them), no length ≡ 1 (mod 4),
/// and zero unused bits in the last character.
package enum Base64 {
    package enum Alphabet: Sendable {
        /// `A–Z a–z 0–9 + /` (age headers).
        case standard
        /// `A–Z a–z 0–9 - _` (URLs).
        case urlSafe

        var variant: Int32 {
            switch self {
            case .standard: sodium_base64_VARIANT_ORIGINAL_NO_PADDING
            case .urlSafe: sodium_base64_VARIANT_URLSAFE_NO_PADDING
            }
        }
    }

    package static func encode(_ data: [UInt8], alphabet: Alphabet = .standard) -> String {
        Sodium.ensureInitialized()
        let length = sodium_base64_encoded_len(data.count, alphabet.variant)
        var out = [CChar](repeating: 0, count: length)
        data.withUnsafeBytes { d in
            _ = sodium_bin2base64(&out, length, bytes(d), d.count, alphabet.variant)
        }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package static func decode(_ text: some StringProtocol, alphabet: Alphabet = .standard) throws(PrimitiveError)
        -> [UInt8]
    {
        Sodium.ensureInitialized()
        let input = Array(text.utf8)
        if input.count % 4 == 1 { throw .invalidBase64("length \(input.count) cannot be base64") }
        if input.contains(UInt8(ascii: "=")) { throw .invalidBase64("padding is not allowed") }
        // libsodium 1.0.18 reads the text through a signed `char`; its character test then takes some bytes ≥ 0x80
        // for digits, so non-ASCII text would decode as a different string does (found by FuzzBase64).
        if let offset = input.firstIndex(where: { $0 >= 0x80 }) {
            throw .invalidBase64("invalid character at offset \(offset)")
        }
        var out = [UInt8](repeating: 0, count: input.count * 3 / 4 + 1)
        var written = 0
        // `b64_end` is turned into an offset inside the same closure, while the pointer it is relative to is valid.
        let (status, consumed) = input.withUnsafeBytes { i in
            i.withMemoryRebound(to: CChar.self) { chars -> (Int32, Int) in
                var end: UnsafePointer<CChar>? = nil
                let status = sodium_base642bin(
                    &out, out.count, chars.baseAddress, chars.count, nil, &written, &end, alphabet.variant
                )
                guard let end, let base = chars.baseAddress else { return (status, chars.count) }
                return (status, end - base)
            }
        }
        guard status == 0 else {
            throw .invalidBase64("not canonical unpadded base64 (bad character or non-zero trailing bits)")
        }
        guard consumed == input.count else {
            throw .invalidBase64("invalid character at offset \(consumed)")
        }
        return Array(out.prefix(written))
    }
}
