// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

/// The two ChaCha20-Poly1305 backends are one function: the same bytes for every length the payload uses (and the
/// edges around them), in place as well as out of place, and the same refusals. The published vectors (Wycheproof,
/// RFC 8439, CCTV age) run through both backends as well; these tests add lengths and buffer forms they lack.
@Suite("ChaCha20-Poly1305 backends")
struct ChaCha20Poly1305BackendTests {
    static let lengths = [0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 4095, 65535, 65536, 65537, 200_000]

    @Test(arguments: lengths)
    func backendsSealTheSameBytes(length: Int) throws {
        let key = SecretBytes.random(count: 32)
        let nonce = SecureRandom.bytes(count: 12)
        let aad = SecureRandom.bytes(count: length % 40)
        let message = SecureRandom.bytes(count: length)
        let sodium = try ChaCha20Poly1305.seal(
            message, using: key, nonce: nonce, authenticating: aad, backend: .libsodium)
        let openssl = try ChaCha20Poly1305.seal(
            message, using: key, nonce: nonce, authenticating: aad, backend: .openssl)
        #expect(sodium == openssl)
        #expect(sodium.count == length + 16)
        for backend in ChaCha20Poly1305.Backend.allCases {
            #expect(
                try ChaCha20Poly1305.open(sodium, using: key, nonce: nonce, authenticating: aad, backend: backend)
                    == message)
        }
    }

    @Test(arguments: ChaCha20Poly1305.Backend.allCases)
    func bufferFormsWorkInPlace(backend: ChaCha20Poly1305.Backend) throws {
        let key = SecureRandom.bytes(count: 32)
        let nonce = SecureRandom.bytes(count: 12)
        let message = SecureRandom.bytes(count: 65536)
        let expected = try ChaCha20Poly1305.seal(message, using: SecretBytes(key), nonce: nonce, backend: .libsodium)
        var buffer = message + [UInt8](repeating: 0, count: 16)
        try buffer.withUnsafeMutableBytes { b in
            try key.withUnsafeBytes { k in
                try nonce.withUnsafeBytes { n in
                    try ChaCha20Poly1305.seal(
                        UnsafeRawBufferPointer(rebasing: b[..<65536]), into: b, key: k, nonce: n, backend: backend)
                }
            }
        }
        #expect(buffer == expected)
        try buffer.withUnsafeMutableBytes { b in
            try key.withUnsafeBytes { k in
                try nonce.withUnsafeBytes { n in
                    try ChaCha20Poly1305.open(
                        UnsafeRawBufferPointer(b), into: UnsafeMutableRawBufferPointer(rebasing: b[..<65536]), key: k,
                        nonce: n, backend: backend)
                }
            }
        }
        #expect(Array(buffer[..<65536]) == message)
    }

    /// A flipped bit anywhere (ciphertext, tag, associated data, nonce) is refused by both, and the buffer form
    /// leaves no plaintext behind: OpenSSL decrypts before it checks the tag, so this is what zeroing protects.
    @Test(arguments: ChaCha20Poly1305.Backend.allCases)
    func tamperingIsRefusedAndLeavesNoPlaintext(backend: ChaCha20Poly1305.Backend) throws {
        let key = SecureRandom.bytes(count: 32)
        let nonce = SecureRandom.bytes(count: 12)
        let message = [UInt8](repeating: 0x41, count: 1000)
        let sealed = try ChaCha20Poly1305.seal(
            message, using: SecretBytes(key), nonce: nonce, authenticating: [1, 2], backend: backend)
        for position in [0, 500, 999, 1000, 1015] {
            var tampered = sealed
            tampered[position] ^= 0x01
            #expect(throws: PrimitiveError.authenticationFailed) {
                _ = try ChaCha20Poly1305.open(
                    tampered, using: SecretBytes(key), nonce: nonce, authenticating: [1, 2], backend: backend)
            }
            var output = [UInt8](repeating: 0xEE, count: 1000)
            let refused = tampered.withUnsafeBytes { c in
                output.withUnsafeMutableBytes { m in
                    key.withUnsafeBytes { k in
                        nonce.withUnsafeBytes { n in
                            (try? ChaCha20Poly1305.open(c, into: m, key: k, nonce: n, backend: backend)) == nil
                        }
                    }
                }
            }
            #expect(refused)
            #expect(output.allSatisfy { $0 == 0 }, "output after a refused open must be zeroed")
        }
        #expect(throws: PrimitiveError.authenticationFailed) {
            _ = try ChaCha20Poly1305.open(
                sealed, using: SecretBytes(key), nonce: nonce, authenticating: [1, 3], backend: backend)
        }
        var otherNonce = nonce
        otherNonce[11] ^= 0x80
        #expect(throws: PrimitiveError.authenticationFailed) {
            _ = try ChaCha20Poly1305.open(
                sealed, using: SecretBytes(key), nonce: otherNonce, authenticating: [1, 2], backend: backend)
        }
    }

    @Test(arguments: ChaCha20Poly1305.Backend.allCases)
    func lengthsAreCheckedBeforeEitherLibrary(backend: ChaCha20Poly1305.Backend) {
        #expect(throws: PrimitiveError.self) {
            _ = try ChaCha20Poly1305.open(
                [UInt8](repeating: 0, count: 16), using: .random(count: 32), nonce: [UInt8](repeating: 0, count: 8),
                backend: backend)
        }
        #expect(throws: PrimitiveError.self) {
            _ = try ChaCha20Poly1305.open(
                [UInt8](repeating: 0, count: 15), using: .random(count: 32), nonce: [UInt8](repeating: 0, count: 12),
                backend: backend)
        }
        #expect(throws: PrimitiveError.self) {
            _ = try ChaCha20Poly1305.seal(
                [1], using: .random(count: 16), nonce: [UInt8](repeating: 0, count: 12), backend: backend)
        }
    }
}
