// SPDX-License-Identifier: MIT
internal import CSodium

/// The CSPRNG: libsodium's `randombytes_buf`, which reads the operating system's generator (getrandom on Linux).
package enum SecureRandom {
    /// `count` random public bytes (nonces, salts, ids). Use `SecretBytes.random` for keys.
    package static func bytes(count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { fill($0) }
        return result
    }

    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        Sodium.ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }
}
