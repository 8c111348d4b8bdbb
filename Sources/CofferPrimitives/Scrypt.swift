// SPDX-License-Identifier: MIT
internal import CSodium

/// scrypt (RFC 7914) through libsodium's `crypto_pwhash_scryptsalsa208sha256_ll`, with explicit N = 2^logN, r, p.
/// Used by age's passphrase recipient. `maximumLogN` caps the work a stored (untrusted) parameter can demand.
@usableFromInline package enum Scrypt {
    /// age's reference decryptor refuses work factors above 22 by default; so do we. (`@usableFromInline`: the
    /// default argument of the public `ScryptIdentity.init`.)
    @usableFromInline package static let defaultMaximumLogN: UInt8 = 22

    /// `scrypt(password, salt, N = 2^logN, r, p, dkLen)`.
    package static func deriveKey(
        password: SecretBytes, salt: [UInt8], logN: UInt8, blockSize r: UInt32 = 8, parallelism p: UInt32 = 1,
        outputByteCount: Int = 32, maximumLogN: UInt8 = defaultMaximumLogN
    ) throws(PrimitiveError) -> SecretBytes {
        guard logN >= 1 else { throw .kdfParameterTooSmall(.scryptLogN, value: UInt64(logN), minimum: 1) }
        guard logN <= maximumLogN, logN < 64 else {
            throw .kdfParameterTooLarge(.scryptLogN, value: UInt64(logN), maximum: UInt64(maximumLogN))
        }
        guard r >= 1 else { throw .kdfParameterTooSmall(.scryptBlockSize, value: UInt64(r), minimum: 1) }
        guard r <= 64 else { throw .kdfParameterTooLarge(.scryptBlockSize, value: UInt64(r), maximum: 64) }
        guard p >= 1 else { throw .kdfParameterTooSmall(.scryptParallelism, value: UInt64(p), minimum: 1) }
        guard p <= 16 else { throw .kdfParameterTooLarge(.scryptParallelism, value: UInt64(p), maximum: 16) }
        guard outputByteCount >= 1, outputByteCount <= 1024 else {
            throw .invalidLength(what: "scrypt output", expected: "1...1024", actual: outputByteCount)
        }
        Sodium.ensureInitialized()
        var status: Int32 = 0
        let key = SecretBytes(count: outputByteCount) { out in
            password.withUnsafeBytes { pw in
                salt.withUnsafeBytes { s in
                    status = crypto_pwhash_scryptsalsa208sha256_ll(
                        bytes(pw), pw.count, bytes(s), s.count, UInt64(1) << UInt64(logN), r, p,
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), outputByteCount
                    )
                }
            }
        }
        guard status == 0 else { throw .kdfFailed("scrypt failed (out of memory?)") }
        return key
    }
}
