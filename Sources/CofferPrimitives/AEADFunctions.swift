// SPDX-License-Identifier: MIT
internal import CSodium

/// The length checks and buffer handling shared by libsodium's two IETF AEADs, whose C signatures are identical.
/// Public only as an opaque type: nothing outside this module can see into it or make one.
public struct AEADFunctions: Sendable {
    typealias Encrypt = @Sendable (
        UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt64>?, UnsafePointer<UInt8>?, UInt64,
        UnsafePointer<UInt8>?, UInt64, UnsafePointer<UInt8>?, UnsafePointer<UInt8>, UnsafePointer<UInt8>
    ) -> Int32
    typealias Decrypt = @Sendable (
        UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt8>?,
        UnsafePointer<UInt8>, UInt64, UnsafePointer<UInt8>?, UInt64, UnsafePointer<UInt8>, UnsafePointer<UInt8>
    ) -> Int32

    let name: String
    let nonceByteCount: Int
    let encrypt: Encrypt
    let decrypt: Decrypt
    let keyByteCount = 32
    let tagByteCount = 16

    func seal(_ plaintext: [UInt8], using key: SecretBytes, nonce: [UInt8], authenticating aad: [UInt8])
        throws(PrimitiveError) -> [UInt8]
    {
        try checkLengths(keyCount: key.count, nonceCount: nonce.count)
        var output = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        key.withUnsafeBytes { k in
            plaintext.withUnsafeBytes { m in
                nonce.withUnsafeBytes { n in
                    aad.withUnsafeBytes { a in
                        output.withUnsafeMutableBytes { c in sealUnchecked(m, into: c, key: k, nonce: n, aad: a) }
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
        sealUnchecked(m, into: c, key: k, nonce: n, aad: a)
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

    private func sealUnchecked(
        _ m: UnsafeRawBufferPointer, into c: UnsafeMutableRawBufferPointer,
        key k: UnsafeRawBufferPointer, nonce n: UnsafeRawBufferPointer, aad a: UnsafeRawBufferPointer
    ) {
        Sodium.ensureInitialized()
        let result = encrypt(
            c.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, bytes(m), UInt64(m.count),
            bytes(a), UInt64(a.count), nil, bytes(n), bytes(k)
        )
        precondition(result == 0, "\(name) encryption cannot fail with valid lengths")
    }

    /// Returns false, with `m` zeroed, when the tag does not verify.
    private func openUnchecked(
        _ c: UnsafeRawBufferPointer, into m: UnsafeMutableRawBufferPointer,
        key k: UnsafeRawBufferPointer, nonce n: UnsafeRawBufferPointer, aad a: UnsafeRawBufferPointer
    ) -> Bool {
        Sodium.ensureInitialized()
        let output = m.count > 0 ? m.baseAddress?.assumingMemoryBound(to: UInt8.self) : nil
        let result = decrypt(output, nil, nil, bytes(c), UInt64(c.count), bytes(a), UInt64(a.count), bytes(n), bytes(k))
        if result != 0, let base = m.baseAddress { sodium_memzero(base, m.count) }
        return result == 0
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
