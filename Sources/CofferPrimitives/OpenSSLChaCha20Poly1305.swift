// SPDX-License-Identifier: MIT
internal import COpenSSL

/// ChaCha20-Poly1305 (RFC 8439) from OpenSSL 3's libcrypto, through its EVP interface: the same function as
/// libsodium's `crypto_aead_chacha20poly1305_ietf_*`, with assembly that is faster per core on x86-64
/// (BENCHMARKS.md). Used only as the payload cipher backend (`ChaCha20Poly1305.Backend.openssl`); the Wycheproof
/// and CCTV age vectors run through both backends.
///
/// OpenSSL decrypts first and checks the tag in `EVP_DecryptFinal_ex`, so unauthenticated plaintext passes through
/// the output buffer; `AEADFunctions` zeroes that buffer when the tag fails, and no caller releases a buffer before
/// `open` returned.
enum OpenSSLChaCha20Poly1305 {
    /// Fetched once: OpenSSL 3 looks an algorithm up in its provider tables, under a lock, on every implicit fetch
    /// (`EVP_chacha20_poly1305()`), which costs more than sealing a small chunk and serialises threads.
    private nonisolated(unsafe) static let cipher: OpaquePointer = {
        guard let cipher = EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil) else {
            fatalError("OpenSSL's default provider has no ChaCha20-Poly1305")
        }
        return cipher
    }()

    /// OpenSSL counts bytes in `int`; longer inputs go through in pieces of this size.
    private static let maximumPiece = 1 << 30

    static let functions = AEADFunctions(
        name: "ChaCha20-Poly1305 (OpenSSL)", nonceByteCount: 12, seal: seal, open: open)

    private static func seal(
        _ m: UnsafeRawBufferPointer, _ c: UnsafeMutableRawBufferPointer, _ k: UnsafeRawBufferPointer,
        _ n: UnsafeRawBufferPointer, _ a: UnsafeRawBufferPointer
    ) {
        let context = EVP_CIPHER_CTX_new()
        defer { EVP_CIPHER_CTX_free(context) }  // the provider clears the key schedule when the context is freed
        var ok = EVP_EncryptInit_ex2(context, cipher, bytes(k), bytes(n), nil) == 1
        ok = ok && feed(context, a, into: nil)
        ok = ok && feed(context, m, into: c.baseAddress)
        var finalCount: Int32 = 0
        ok =
            ok
            && EVP_EncryptFinal_ex(
                context, c.baseAddress?.assumingMemoryBound(to: UInt8.self).advanced(by: m.count), &finalCount) == 1
        ok = ok && finalCount == 0
        ok = ok && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, 16, c.baseAddress!.advanced(by: m.count)) == 1
        precondition(ok, "OpenSSL ChaCha20-Poly1305 encryption cannot fail with valid lengths")
    }

    private static func open(
        _ c: UnsafeRawBufferPointer, _ m: UnsafeMutableRawBufferPointer, _ k: UnsafeRawBufferPointer,
        _ n: UnsafeRawBufferPointer, _ a: UnsafeRawBufferPointer
    ) -> Bool {
        let context = EVP_CIPHER_CTX_new()
        defer { EVP_CIPHER_CTX_free(context) }
        let ciphertext = UnsafeRawBufferPointer(rebasing: c[..<(c.count - 16)])
        var tag = [UInt8](c[(c.count - 16)...])
        var ok = EVP_DecryptInit_ex2(context, cipher, bytes(k), bytes(n), nil) == 1
        ok = ok && feed(context, a, into: nil, decrypting: true)
        ok = ok && feed(context, ciphertext, into: m.baseAddress, decrypting: true)
        ok = ok && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, 16, &tag) == 1
        var finalCount: Int32 = 0
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 16)
        defer { scratch.deallocate() }
        return ok && EVP_DecryptFinal_ex(context, scratch, &finalCount) == 1 && finalCount == 0
    }

    /// `EVP_*Update` over `input` in pieces OpenSSL's `int` lengths can hold; `output` nil means associated data.
    private static func feed(
        _ context: OpaquePointer?, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer?,
        decrypting: Bool = false
    ) -> Bool {
        var offset = 0
        while offset < input.count {
            let count = min(maximumPiece, input.count - offset)
            let source = input.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
            let target = output?.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
            var written: Int32 = 0
            let result =
                decrypting
                ? EVP_DecryptUpdate(context, target, &written, source, Int32(count))
                : EVP_EncryptUpdate(context, target, &written, source, Int32(count))
            // a stream cipher writes exactly what it reads; for associated data OpenSSL's count is not used
            guard result == 1, output == nil || written == Int32(count) else { return false }
            offset += count
        }
        return true
    }
}
