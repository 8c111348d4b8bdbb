// SPDX-License-Identifier: MIT
internal import CSodium

/// BLAKE2b (RFC 7693) through libsodium's `crypto_generichash`: output 16…64 bytes, optional key of 1…64 bytes.
package enum BLAKE2b {
    package static let outputByteCountRange = 16...64
    package static let maximumKeyByteCount = 64

    /// `BLAKE2b-(8·outputByteCount)(message)`, unkeyed.
    package static func hash(_ message: [UInt8], outputByteCount: Int = 32) throws(PrimitiveError) -> [UInt8] {
        try compute(message, key: UnsafeRawBufferPointer(start: nil, count: 0), outputByteCount: outputByteCount)
    }

    /// `BLAKE2b-(8·outputByteCount)(key, message)`: keyed BLAKE2b, a MAC/PRF.
    package static func hash(_ message: [UInt8], key: SecretBytes, outputByteCount: Int = 32) throws(PrimitiveError)
        -> [UInt8]
    {
        guard key.count >= 1, key.count <= maximumKeyByteCount else {
            throw .invalidLength(what: "BLAKE2b key", expected: "1...64", actual: key.count)
        }
        return try key.withUnsafeBytes { k in
            Result { () throws(PrimitiveError) in try compute(message, key: k, outputByteCount: outputByteCount) }
        }.get()
    }

    private static func compute(
        _ message: [UInt8], key: UnsafeRawBufferPointer, outputByteCount: Int
    ) throws(PrimitiveError) -> [UInt8] {
        guard outputByteCountRange.contains(outputByteCount) else {
            throw .invalidLength(what: "BLAKE2b output", expected: "16...64", actual: outputByteCount)
        }
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: outputByteCount)
        message.withUnsafeBytes { m in
            _ = crypto_generichash(&out, outputByteCount, bytes(m), UInt64(m.count), bytes(key), key.count)
        }
        return out
    }
}
