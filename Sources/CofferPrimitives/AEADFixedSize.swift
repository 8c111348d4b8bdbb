// SPDX-License-Identifier: MIT

/// Seals whose key and nonce lengths are their types' invariants (`SecretKey32`, `Nonce12`, `Nonce24`), so they
/// cannot fail. The `secret:` forms read the plaintext straight from its `SecretBytes` storage: a key is wrapped
/// without an ordinary `[UInt8]` copy of it left unzeroed on the heap.
extension ChaCha20Poly1305 {
    /// `ciphertext ‖ tag = ChaCha20-Poly1305(key, nonce, plaintext, aad)` (libsodium).
    package static func seal(
        _ plaintext: [UInt8], using key: SecretKey32, nonce: Nonce12, authenticating aad: [UInt8] = []
    ) -> [UInt8] {
        plaintext.withUnsafeBytes { functions.sealChecked($0, key: key.secret, nonce: nonce.bytes, aad: aad) }
    }

    /// Seals a secret (a key) without copying it out of its zeroing storage.
    package static func seal(
        secret plaintext: SecretBytes, using key: SecretKey32, nonce: Nonce12, authenticating aad: [UInt8] = []
    ) -> [UInt8] {
        plaintext.withUnsafeBytes { functions.sealChecked($0, key: key.secret, nonce: nonce.bytes, aad: aad) }
    }
}

extension XChaCha20Poly1305 {
    /// `ciphertext ‖ tag = XChaCha20-Poly1305(key, nonce, plaintext, aad)`.
    package static func seal(
        _ plaintext: [UInt8], using key: SecretKey32, nonce: Nonce24, authenticating aad: [UInt8] = []
    ) -> [UInt8] {
        plaintext.withUnsafeBytes { functions.sealChecked($0, key: key.secret, nonce: nonce.bytes, aad: aad) }
    }

    /// Seals a secret (a key) without copying it out of its zeroing storage.
    package static func seal(
        secret plaintext: SecretBytes, using key: SecretKey32, nonce: Nonce24, authenticating aad: [UInt8] = []
    ) -> [UInt8] {
        plaintext.withUnsafeBytes { functions.sealChecked($0, key: key.secret, nonce: nonce.bytes, aad: aad) }
    }
}

extension AEADFunctions {
    /// `ciphertext ‖ tag` for a key and nonce whose lengths their types guarantee (32 and `nonceByteCount`);
    /// the lengths are asserted in debug builds only, since no input reaches them.
    func sealChecked(_ m: UnsafeRawBufferPointer, key: SecretBytes, nonce: [UInt8], aad: [UInt8]) -> [UInt8] {
        assert(key.count == keyByteCount && nonce.count == nonceByteCount)
        var output = [UInt8](repeating: 0, count: m.count + tagByteCount)
        key.withUnsafeBytes { k in
            nonce.withUnsafeBytes { n in
                aad.withUnsafeBytes { a in
                    output.withUnsafeMutableBytes { c in backendSeal(m, c, k, n, a) }
                }
            }
        }
        return output
    }
}
