// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The randomness of the vector generator, reproducible by anyone from the published seed:
///
/// `key = HKDF-SHA-256(ikm: seed, salt: "", info: "coffer-vectors/" ‖ label, L = 32)`;
/// the byte stream is `ChaCha20(key, nonce = 0¹², counter = 0, 1, 2, …)` keystream.
///
/// Every generated file uses its own label (its file name), so adding a file never changes another.
package struct DeterministicRandom {
    private let key: SecretBytes
    private var buffer: [UInt8] = []
    private var counter: UInt32 = 0

    package init(seed: String = CofferVectorFormat.seed, label: String) {
        key = try! HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SecretBytes(Array(seed.utf8)), salt: [], info: Array("coffer-vectors/\(label)".utf8),
            outputByteCount: 32
        )
    }

    /// The next `count` bytes of the stream.
    package mutating func bytes(_ count: Int) -> [UInt8] {
        while buffer.count < count {
            buffer += try! RawChaCha20.xor(
                [UInt8](repeating: 0, count: 64), key: key, nonce: [UInt8](repeating: 0, count: 12), counter: counter)
            counter += 1
        }
        let out = Array(buffer.prefix(count))
        buffer.removeFirst(count)
        return out
    }

    /// The next `count` bytes as a secret.
    package mutating func secret(_ count: Int) -> SecretBytes {
        SecretBytes(bytes(count))
    }
}
