// SPDX-License-Identifier: MIT
internal import CSodium

/// A hash function usable under HMAC and HKDF. Implemented by `SHA256` and `SHA512` only.
package protocol HMACHashFunction: Sendable {
    /// The digest length L in bytes (32 for SHA-256, 64 for SHA-512).
    static var digestByteCount: Int { get }
    /// `H(message)`.
    static func hash(_ message: [UInt8]) -> [UInt8]
    /// `HMAC-H(key, part₀ ‖ part₁ ‖ …)` written into `out` (exactly L bytes), for keys of any length (RFC 2104).
    /// All parts are absorbed before `out` is written, so `out` may alias a part.
    static func authenticationCode(
        key: UnsafeRawBufferPointer, parts: [UnsafeRawBufferPointer], into out: UnsafeMutableRawBufferPointer
    )
}

extension HMACHashFunction {
    /// `HMAC-H(key, part₀ ‖ part₁ ‖ …)` as a new array (for tags, which are public).
    package static func authenticationCode(key: UnsafeRawBufferPointer, parts: [UnsafeRawBufferPointer]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: digestByteCount)
        out.withUnsafeMutableBytes { authenticationCode(key: key, parts: parts, into: $0) }
        return out
    }
}

/// SHA-256 (FIPS 180-4) through libsodium's `crypto_hash_sha256` and `crypto_auth_hmacsha256_*`.
package enum SHA256: HMACHashFunction {
    package static let digestByteCount = 32

    package static func hash(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: digestByteCount)
        message.withUnsafeBytes { m in _ = crypto_hash_sha256(&out, bytes(m), UInt64(m.count)) }
        return out
    }

    package static func authenticationCode(
        key: UnsafeRawBufferPointer, parts: [UnsafeRawBufferPointer], into out: UnsafeMutableRawBufferPointer
    ) {
        precondition(out.count == digestByteCount, "HMAC-SHA-256 output must be \(digestByteCount) bytes")
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha256_state()
        _ = crypto_auth_hmacsha256_init(&state, bytes(key), key.count)
        for part in parts { _ = crypto_auth_hmacsha256_update(&state, bytes(part), UInt64(part.count)) }
        _ = crypto_auth_hmacsha256_final(&state, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
    }
}

extension SHA256 {
    /// SHA-256 over bytes that arrive in parts (`crypto_hash_sha256_init/update/final`): a streamed request body
    /// is hashed as it is written to disk, without holding it in memory.
    package final class Stream {
        private let state: UnsafeMutableRawPointer
        private var digest: [UInt8]?

        package init() {
            Sodium.ensureInitialized()
            state = UnsafeMutableRawPointer.allocate(byteCount: crypto_hash_sha256_statebytes(), alignment: 16)
            _ = crypto_hash_sha256_init(state.assumingMemoryBound(to: crypto_hash_sha256_state.self))
        }

        deinit { state.deallocate() }

        /// Absorbs `part`; ignored once `finalize` was called.
        package func update(_ part: UnsafeRawBufferPointer) {
            guard part.count > 0, digest == nil else { return }
            _ = crypto_hash_sha256_update(
                state.assumingMemoryBound(to: crypto_hash_sha256_state.self), bytes(part), UInt64(part.count))
        }

        /// The digest of everything absorbed before the first call (later calls return the same digest).
        package func finalize() -> [UInt8] {
            if let digest { return digest }
            var out = [UInt8](repeating: 0, count: SHA256.digestByteCount)
            _ = crypto_hash_sha256_final(state.assumingMemoryBound(to: crypto_hash_sha256_state.self), &out)
            digest = out
            return out
        }
    }
}

/// SHA-512 (FIPS 180-4) through libsodium's `crypto_hash_sha512` and `crypto_auth_hmacsha512_*`.
package enum SHA512: HMACHashFunction {
    package static let digestByteCount = 64

    package static func hash(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: digestByteCount)
        message.withUnsafeBytes { m in _ = crypto_hash_sha512(&out, bytes(m), UInt64(m.count)) }
        return out
    }

    package static func authenticationCode(
        key: UnsafeRawBufferPointer, parts: [UnsafeRawBufferPointer], into out: UnsafeMutableRawBufferPointer
    ) {
        precondition(out.count == digestByteCount, "HMAC-SHA-512 output must be \(digestByteCount) bytes")
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha512_state()
        _ = crypto_auth_hmacsha512_init(&state, bytes(key), key.count)
        for part in parts { _ = crypto_auth_hmacsha512_update(&state, bytes(part), UInt64(part.count)) }
        _ = crypto_auth_hmacsha512_final(&state, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha512_state>.size)
    }
}
