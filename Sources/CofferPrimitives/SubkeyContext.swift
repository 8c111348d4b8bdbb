// SPDX-License-Identifier: MIT
internal import CSodium

/// A closed set of `crypto_kdf` contexts (an enum whose raw values are the 8 ASCII bytes), declared by the layer
/// that owns them. Every case is checked once by `SubkeyDerivation.allValid(_:)`, which each layer's tests run, so
/// a derivation under one cannot fail.
package protocol SubkeyContextName: CaseIterable, Sendable, RawRepresentable where RawValue == String {}

extension SubkeyDerivation {
    /// `crypto_kdf(key, id, context)` to a fixed length: the key's length is its type's invariant and the context
    /// one of a closed, tested set, so this cannot fail. The context is read as exactly 8 bytes (a name of
    /// another length, which `allValid` refuses, would be cut or zero-padded, never read past).
    package static func deriveKey(
        from key: SecretKey32, id: UInt64, context: some SubkeyContextName, length: KeyLength = .bytes32
    ) -> SecretBytes {
        var contextBytes = [CChar](repeating: 0, count: contextByteCount)
        for (index, byte) in context.rawValue.utf8.prefix(contextByteCount).enumerated() {
            contextBytes[index] = CChar(bitPattern: byte)
        }
        Sodium.ensureInitialized()
        return SecretBytes(count: length.rawValue) { out in
            key.secret.withUnsafeBytes { k in
                _ = crypto_kdf_derive_from_key(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), length.rawValue, id, contextBytes, bytes(k))
            }
        }
    }

    /// `crypto_kdf(key, id, context)` as a `SecretKey32`.
    package static func deriveKey32(from key: SecretKey32, id: UInt64, context: some SubkeyContextName)
        -> SecretKey32
    {
        SecretKey32(unchecked: deriveKey(from: key, id: id, context: context))
    }

    /// Whether every context of `names` is exactly 8 ASCII bytes (what the tests of each layer check).
    package static func allValid<Name: SubkeyContextName>(_ names: Name.Type) -> Bool {
        Name.allCases.allSatisfy { isValidContext($0.rawValue) }
    }

    /// Exactly 8 bytes, all ASCII.
    package static func isValidContext(_ text: String) -> Bool {
        text.utf8.count == contextByteCount && text.utf8.allSatisfy { $0 < 0x80 }
    }
}
