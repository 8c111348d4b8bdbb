// SPDX-License-Identifier: MIT
internal import CSodium

/// The length checks and buffer handling shared by every IETF AEAD backend: libsodium's two AEADs, whose C
/// signatures are identical, and OpenSSL's ChaCha20-Poly1305 (`OpenSSLChaCha20Poly1305`). A backend supplies two
/// unchecked operations on buffers whose lengths were already checked here.
/// Public only as an opaque type: nothing outside this module can see into it or make one.
package struct AEADFunctions: Sendable {
    /// Writes `ciphertext ‖ tag` for `m` into `c` (`m.count + 16` bytes). Cannot fail with checked lengths.
    typealias SealUnchecked =
        @Sendable (
            _ m: UnsafeRawBufferPointer, _ c: UnsafeMutableRawBufferPointer, _ k: UnsafeRawBufferPointer,
            _ n: UnsafeRawBufferPointer, _ a: UnsafeRawBufferPointer
        ) -> Void
    /// Writes the plaintext of `c` into `m` (`c.count - 16` bytes) and returns whether the tag verified. On false,
    /// whatever was written to `m` is not plaintext anyone may see: the caller zeroes it.
    typealias OpenUnchecked =
        @Sendable (
            _ c: UnsafeRawBufferPointer, _ m: UnsafeMutableRawBufferPointer, _ k: UnsafeRawBufferPointer,
            _ n: UnsafeRawBufferPointer, _ a: UnsafeRawBufferPointer
        ) -> Bool

    typealias SodiumEncrypt =
        @Sendable (
            UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt64>?, UnsafePointer<UInt8>?, UInt64,
            UnsafePointer<UInt8>?, UInt64, UnsafePointer<UInt8>?, UnsafePointer<UInt8>, UnsafePointer<UInt8>
        ) -> Int32
    typealias SodiumDecrypt =
        @Sendable (
            UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt8>?,
            UnsafePointer<UInt8>, UInt64, UnsafePointer<UInt8>?, UInt64, UnsafePointer<UInt8>, UnsafePointer<UInt8>
        ) -> Int32

    let name: String
    let nonceByteCount: Int
    let backendSeal: SealUnchecked
    let backendOpen: OpenUnchecked
    let keyByteCount = 32
    let tagByteCount = 16

    init(name: String, nonceByteCount: Int, seal: @escaping SealUnchecked, open: @escaping OpenUnchecked) {
        self.name = name
        self.nonceByteCount = nonceByteCount
        backendSeal = seal
        backendOpen = open
    }

    /// A libsodium IETF AEAD (`crypto_aead_*_ietf_encrypt` / `_decrypt`). libsodium verifies the tag before it
    /// decrypts, so on failure nothing was written.
    static func sodium(
        name: String, nonceByteCount: Int, encrypt: @escaping SodiumEncrypt, decrypt: @escaping SodiumDecrypt
    )
        -> AEADFunctions
    {
        AEADFunctions(
            name: name, nonceByteCount: nonceByteCount,
            seal: { m, c, k, n, a in
                Sodium.ensureInitialized()
                let result = encrypt(
                    c.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, bytes(m), UInt64(m.count),
                    bytes(a), UInt64(a.count), nil, bytes(n), bytes(k)
                )
                precondition(result == 0, "\(name) encryption cannot fail with valid lengths")
            },
            open: { c, m, k, n, a in
                Sodium.ensureInitialized()
                let output = m.count > 0 ? m.baseAddress?.assumingMemoryBound(to: UInt8.self) : nil
                return decrypt(
                    output, nil, nil, bytes(c), UInt64(c.count), bytes(a), UInt64(a.count), bytes(n), bytes(k))
                    == 0
            }
        )
    }

    func seal(_ plaintext: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8])
        throws(PrimitiveError) -> [UInt8]
    {
        try checkLengths(keyCount: key.count, nonceCount: nonce.count)
        var output = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        key.withUnsafeBytes { k in
            plaintext.withUnsafeBytes { m in
                nonce.withUnsafeBytes { n in
                    aad.withUnsafeBytes { a in
                        output.withUnsafeMutableBytes { c in backendSeal(m, c, k, n, a) }
                    }
                }
            }
        }
        return output
    }

    func open(_ sealed: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8])
        throws(PrimitiveError) -> [UInt8]
    {
        try checkLengths(keyCount: key.count, nonceCount: nonce.count)
        try checkCiphertext(sealed.count)
        var output = [UInt8](repeating: 0, count: sealed.count - tagByteCount)
        let authentic = key.withUnsafeBytes { k in
            sealed.withUnsafeBytes { c in
                nonce.withUnsafeBytes { n in
                    aad.withUnsafeBytes { a in
                        output.withUnsafeMutableBytes { m in openUnchecked(c, into: m, key: k, nonce: n, aad: a) }
                    }
                }
            }
        }
        guard authentic else { throw .authenticationFailed }
        return output
    }

    /// Like `open`, but the plaintext is a key: it is written straight into zeroing storage.
    func openSecret(_ sealed: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8])
        throws(PrimitiveError) -> SecretBytes
    {
        try checkLengths(keyCount: key.count, nonceCount: nonce.count)
        try checkCiphertext(sealed.count)
        var authentic = false
        let secret = SecretBytes(count: sealed.count - tagByteCount) { m in
            authentic = key.withUnsafeBytes { k in
                sealed.withUnsafeBytes { c in
                    nonce.withUnsafeBytes { n in
                        aad.withUnsafeBytes { a in openUnchecked(c, into: m, key: k, nonce: n, aad: a) }
                    }
                }
            }
        }
        guard authentic else { throw .authenticationFailed }
        return secret
    }

    func seal(
        _ m: UnsafeRawBufferPointer, into c: UnsafeMutableRawBufferPointer,
        key k: UnsafeRawBufferPointer, nonce n: UnsafeRawBufferPointer, aad a: UnsafeRawBufferPointer
    ) throws(PrimitiveError) {
        try checkLengths(keyCount: k.count, nonceCount: n.count)
        guard c.count == m.count + tagByteCount else {
            throw .invalidLength(what: "\(name) output buffer", expected: "\(m.count + tagByteCount)", actual: c.count)
        }
        backendSeal(m, c, k, n, a)
    }

    func open(
        _ c: UnsafeRawBufferPointer, into m: UnsafeMutableRawBufferPointer,
        key k: UnsafeRawBufferPointer, nonce n: UnsafeRawBufferPointer, aad a: UnsafeRawBufferPointer
    ) throws(PrimitiveError) {
        try checkLengths(keyCount: k.count, nonceCount: n.count)
        try checkCiphertext(c.count)
        guard m.count == c.count - tagByteCount else {
            throw .invalidLength(what: "\(name) output buffer", expected: "\(c.count - tagByteCount)", actual: m.count)
        }
        guard openUnchecked(c, into: m, key: k, nonce: n, aad: a) else { throw .authenticationFailed }
    }

    /// Runs the backend's open and zeroes `m` when the tag does not verify.
    private func openUnchecked(
        _ c: UnsafeRawBufferPointer, into m: UnsafeMutableRawBufferPointer,
        key k: UnsafeRawBufferPointer, nonce n: UnsafeRawBufferPointer, aad a: UnsafeRawBufferPointer
    ) -> Bool {
        let authentic = backendOpen(c, m, k, n, a)
        if !authentic, let base = m.baseAddress { sodium_memzero(base, m.count) }
        return authentic
    }

    private func checkLengths(keyCount: Int, nonceCount: Int) throws(PrimitiveError) {
        guard keyCount == keyByteCount else {
            throw .invalidLength(what: "\(name) key", expected: "\(keyByteCount)", actual: keyCount)
        }
        guard nonceCount == nonceByteCount else {
            throw .invalidLength(what: "\(name) nonce", expected: "\(nonceByteCount)", actual: nonceCount)
        }
    }

    private func checkCiphertext(_ count: Int) throws(PrimitiveError) {
        guard count >= tagByteCount else {
            throw .invalidLength(what: "\(name) ciphertext", expected: "at least \(tagByteCount)", actual: count)
        }
    }
}

/// A typed pointer to a buffer's bytes; for an empty buffer, a valid pointer to one zero byte, because several
/// C parameters are declared non-null even when their length is 0.
func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
    guard buffer.count > 0, let base = buffer.baseAddress else { return UnsafePointer(emptyInput) }
    return base.assumingMemoryBound(to: UInt8.self)
}

/// Read-only stand-in for an empty buffer; nothing ever writes through it.
private nonisolated(unsafe) let emptyInput: UnsafeMutablePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()
