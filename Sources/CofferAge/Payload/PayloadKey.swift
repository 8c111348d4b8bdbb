// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `payloadKey = HKDF-SHA-256(ikm: fileKey, salt: nonce, info: "payload")` — the ChaCha20-Poly1305 key of every
/// payload chunk. The random 16-byte nonce makes it unique per file even if a file key were ever reused.
package struct PayloadKey: Sendable {
    /// The length of the nonce that follows the header.
    package static let nonceByteCount = 16
    let secret: SecretBytes
    /// Which library seals and opens the chunks under this key: chosen here, not by callers (the same bytes
    /// either way; `ChaCha20Poly1305.payloadBackend` says why that one).
    package let backend: ChaCha20Poly1305.Backend

    /// The payload key of the file with `fileKey` and the 16-byte `nonce`.
    package init(fileKey: FileKey, nonce: [UInt8]) {
        self.init(fileKey: fileKey, nonce: nonce, backend: ChaCha20Poly1305.payloadBackend)
    }

    /// The same key computed by another backend (the benchmarks and the vector audit compare them).
    package init(fileKey: FileKey, nonce: [UInt8], backend: ChaCha20Poly1305.Backend) {
        self.backend = backend
        precondition(nonce.count == PayloadKey.nonceByteCount, "the payload nonce is 16 bytes")
        secret = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: fileKey.secret, salt: nonce, info: Array("payload".utf8)
        )
    }
}

/// The STREAM chunk cipher: chunk i of n is `ChaCha20-Poly1305(payloadKey, nonce: i as 11-byte big-endian ‖ last,
/// plaintext)` where `last` is 0x01 for the final chunk and 0x00 otherwise. Plaintext chunks are 64 KiB except the
/// last, which may be shorter, and is empty only when the whole plaintext is empty.
package enum PayloadChunk {
    package static let plaintextByteCount = 64 * 1024
    package static let sealedByteCount = plaintextByteCount + 16
    package static let tagByteCount = 16

    /// Gives `body` the 12-byte nonce `counter as 11 bytes big-endian ‖ (last ? 0x01 : 0x00)`.
    static func withNonce<R>(counter: UInt64, last: Bool, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var bytes = [UInt8](repeating: 0, count: 12)
        var value = counter
        for index in stride(from: 10, through: 3, by: -1) {
            bytes[index] = UInt8(value & 0xFF)
            value >>= 8
        }
        bytes[11] = last ? 1 : 0
        return try bytes.withUnsafeBytes(body)
    }

    /// Seals `plaintext` (at most 64 KiB) into `output` (`plaintext.count + 16` bytes). Cannot fail: the key is 32
    /// bytes (HKDF-SHA-256), the nonce 12 (`withNonce`), and every caller sizes `output` from `plaintext`.
    static func seal(
        _ plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, key: PayloadKey,
        counter: UInt64, last: Bool
    ) {
        key.secret.withUnsafeBytes { k in
            withNonce(counter: counter, last: last) { n in
                ChaCha20Poly1305.sealSized(plaintext, into: output, key: k, nonce: n, backend: key.backend)
            }
        }
    }

    /// Opens `sealed` into `output` (`sealed.count - 16` bytes); false when the tag does not verify.
    static func open(
        _ sealed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, key: PayloadKey,
        counter: UInt64, last: Bool
    ) -> Bool {
        guard sealed.count >= tagByteCount else { return false }
        return key.secret.withUnsafeBytes { k in
            withNonce(counter: counter, last: last) { n in
                (try? ChaCha20Poly1305.open(sealed, into: output, key: k, nonce: n, backend: key.backend)) != nil
            }
        }
    }
}
