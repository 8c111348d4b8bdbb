// SPDX-License-Identifier: MIT
internal import CSodium

/// BLAKE2b (RFC 7693) through libsodium's `crypto_generichash`: output 16…64 bytes, optional key of 1…64 bytes.
package enum BLAKE2b {
    package static let outputByteCountRange = 16...64
    package static let maximumKeyByteCount = 64

    /// The fixed output lengths Coffer's own formats use (account and node ids, fingerprints).
    package enum Length: Int, Sendable {
        case bytes16 = 16
        case bytes32 = 32
    }

    /// `BLAKE2b-(8·length)(message)`, unkeyed, to one of the fixed lengths: no length to check, so it cannot fail
    /// (no `try!` where an id or a fingerprint is hashed).
    package static func hash(_ message: [UInt8], length: Length) -> [UInt8] {
        digest(message, key: UnsafeRawBufferPointer(start: nil, count: 0), outputByteCount: length.rawValue)
    }

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

    /// `BLAKE2b-(8·length)(key, message)` under a 16-byte key to a fixed length: both lengths are in range by
    /// their types, so it cannot fail.
    package static func hash(_ message: [UInt8], key: SecretKey16, length: Length) -> [UInt8] {
        key.secret.withUnsafeBytes { digest(message, key: $0, outputByteCount: length.rawValue) }
    }

    private static func compute(
        _ message: [UInt8], key: UnsafeRawBufferPointer, outputByteCount: Int
    ) throws(PrimitiveError) -> [UInt8] {
        guard outputByteCountRange.contains(outputByteCount) else {
            throw .invalidLength(what: "BLAKE2b output", expected: "16...64", actual: outputByteCount)
        }
        return digest(message, key: key, outputByteCount: outputByteCount)
    }

    /// `crypto_generichash` for an output length in 16…64 and a key of 0…64 bytes, both checked by the caller.
    private static func digest(_ message: [UInt8], key: UnsafeRawBufferPointer, outputByteCount: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: outputByteCount)
        message.withUnsafeBytes { m in
            _ = crypto_generichash(&out, outputByteCount, bytes(m), UInt64(m.count), bytes(key), key.count)
        }
        return out
    }
}
