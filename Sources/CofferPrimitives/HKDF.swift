// SPDX-License-Identifier: MIT

/// HKDF (RFC 5869) over HMAC-SHA-256 or HMAC-SHA-512, built here because libsodium 1.0.18 has none.
///
/// `PRK = HMAC-H(salt, IKM)`; `T(i) = HMAC-H(PRK, T(i-1) ‖ info ‖ i)`; `OKM = first L bytes of T(1) ‖ T(2) ‖ …`.
/// Every intermediate value lives in zeroing storage.
package enum HKDF<H: HMACHashFunction> {
    /// The largest output RFC 5869 allows: 255 × HashLen (8160 bytes for SHA-256).
    package static var maximumOutputByteCount: Int { 255 * H.digestByteCount }

    /// `HKDF-Extract(salt, IKM)`. An empty salt means HashLen zero bytes, as the RFC says.
    package static func extract(inputKeyMaterial ikm: SecretBytes, salt: [UInt8]) -> SecretBytes {
        let effectiveSalt = salt.isEmpty ? [UInt8](repeating: 0, count: H.digestByteCount) : salt
        return SecretBytes(count: H.digestByteCount) { out in
            effectiveSalt.withUnsafeBytes { s in
                ikm.withUnsafeBytes { m in H.authenticationCode(key: s, parts: [m], into: out) }
            }
        }
    }

    /// `HKDF-Expand(PRK, info, L)`; refuses L > 255 × HashLen.
    package static func expand(
        pseudoRandomKey prk: SecretBytes, info: [UInt8], outputByteCount: Int
    ) throws(PrimitiveError) -> SecretBytes {
        guard outputByteCount >= 0, outputByteCount <= maximumOutputByteCount else {
            throw .hkdfOutputTooLong(requested: outputByteCount, maximum: maximumOutputByteCount)
        }
        return output(pseudoRandomKey: prk, info: info, count: outputByteCount)
    }

    /// `HKDF(IKM, salt, info, HashLen)`: one block of output (32 bytes for SHA-256), a length RFC 5869 always
    /// allows, so this cannot fail (no `try!` where a key of the hash's length is derived).
    package static func deriveKey(inputKeyMaterial ikm: SecretBytes, salt: [UInt8], info: [UInt8]) -> SecretBytes {
        output(pseudoRandomKey: extract(inputKeyMaterial: ikm, salt: salt), info: info, count: H.digestByteCount)
    }

    /// `HKDF-Expand(PRK, info, L)` for an L the caller has checked (0 ≤ L ≤ 255 × HashLen).
    fileprivate static func output(pseudoRandomKey prk: SecretBytes, info: [UInt8], count outputByteCount: Int)
        -> SecretBytes
    {
        SecretBytes(count: outputByteCount) { out in
            let block = SecretBytes(count: H.digestByteCount) { _ in }
            block.withUnsafeBytes { readable in
                let t = UnsafeMutableRawBufferPointer(mutating: readable)
                var previous = UnsafeRawBufferPointer(start: nil, count: 0)
                var written = 0
                var counter: UInt8 = 1
                prk.withUnsafeBytes { key in
                    info.withUnsafeBytes { i in
                        while written < outputByteCount {
                            withUnsafeBytes(of: counter) { c in
                                H.authenticationCode(key: key, parts: [previous, i, c], into: t)
                            }
                            let take = Swift.min(t.count, outputByteCount - written)
                            out.baseAddress!.advanced(by: written).copyMemory(from: t.baseAddress!, byteCount: take)
                            written += take
                            previous = readable
                            counter &+= 1
                        }
                    }
                }
            }
        }
    }

    /// `HKDF(IKM, salt, info, L) = HKDF-Expand(HKDF-Extract(salt, IKM), info, L)`.
    package static func deriveKey(
        inputKeyMaterial ikm: SecretBytes, salt: [UInt8], info: [UInt8], outputByteCount: Int
    ) throws(PrimitiveError) -> SecretBytes {
        try expand(
            pseudoRandomKey: extract(inputKeyMaterial: ikm, salt: salt), info: info, outputByteCount: outputByteCount)
    }
}

extension HKDF where H == SHA256 {
    /// `HKDF-SHA-256(IKM, salt, info, 32)` as a `SecretKey32`: the hash's length, so it cannot fail.
    package static func deriveKey32(inputKeyMaterial ikm: SecretBytes, salt: [UInt8], info: [UInt8]) -> SecretKey32 {
        SecretKey32(unchecked: deriveKey(inputKeyMaterial: ikm, salt: salt, info: info))
    }
}

extension HKDF {
    /// `HKDF(IKM, salt, info, L)` for one of the fixed lengths (16 or 32 bytes, never more than one block of
    /// SHA-256 or SHA-512), so it cannot fail.
    package static func deriveKey(
        inputKeyMaterial ikm: SecretBytes, salt: [UInt8], info: [UInt8], length: KeyLength
    ) -> SecretBytes {
        output(pseudoRandomKey: extract(inputKeyMaterial: ikm, salt: salt), info: info, count: length.rawValue)
    }
}
