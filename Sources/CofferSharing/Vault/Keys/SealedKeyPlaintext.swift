// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The plaintext a share sealing carries, `key ‖ public fields` (Spec/vault.md §7.2, §7.4), built and split without
/// an ordinary `[UInt8]` copy of the key: the key's bytes stay in zeroing storage, only the public fields after it
/// are copied out.
enum SealedKeyPlaintext {
    /// `key ‖ fields`, in zeroing storage.
    static func join(_ key: SecretBytes, _ fields: [UInt8]) -> SecretBytes {
        SecretBytes(count: key.count + fields.count) { out in
            key.withUnsafeBytes { out.copyMemory(from: $0) }
            fields.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[key.count...]).copyMemory(from: $0) }
        }
    }

    /// The first `keyCount` bytes (the key, in zeroing storage) and the rest (the public fields); nil when the
    /// plaintext is shorter than the key.
    static func split(_ plaintext: SecretBytes, keyCount: Int) -> (key: SecretBytes, fields: [UInt8])? {
        guard keyCount >= 0, plaintext.count >= keyCount else { return nil }
        let key = SecretBytes(count: keyCount) { out in
            plaintext.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<keyCount])) }
        }
        return (key, plaintext.withUnsafeBytes { Array($0[keyCount...]) })
    }
}
