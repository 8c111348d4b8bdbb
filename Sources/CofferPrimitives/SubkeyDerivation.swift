// SPDX-License-Identifier: MIT
internal import CSodium

/// libsodium's `crypto_kdf_derive_from_key`:
/// `subkey = BLAKE2b-(8·L)(key: masterKey, message: ∅, salt: LE64(id) ‖ 0⁸, personal: context ‖ 0⁸)`.
/// Distinct (context, id) pairs give independent subkeys of one 32-byte master key.
package enum SubkeyDerivation {
    package static let masterKeyByteCount = 32
    package static let contextByteCount = 8
    package static let subkeyByteCountRange = 16...64

    package static func deriveSubkey(
        from masterKey: SecretBytes, id: UInt64, context: String, byteCount: Int = 32
    ) throws(PrimitiveError) -> SecretBytes {
        let contextBytes = Array(context.utf8)
        guard contextBytes.count == contextByteCount else { throw .invalidSubkeyContext(context) }
        guard masterKey.count == masterKeyByteCount else {
            throw .invalidLength(what: "crypto_kdf master key", expected: "32", actual: masterKey.count)
        }
        guard subkeyByteCountRange.contains(byteCount) else {
            throw .invalidLength(what: "crypto_kdf subkey", expected: "16...64", actual: byteCount)
        }
        Sodium.ensureInitialized()
        return SecretBytes(count: byteCount) { out in
            masterKey.withUnsafeBytes { k in
                contextBytes.withUnsafeBufferPointer { c in
                    c.withMemoryRebound(to: CChar.self) { cc in
                        _ = crypto_kdf_derive_from_key(
                            out.baseAddress!.assumingMemoryBound(to: UInt8.self), byteCount, id, cc.baseAddress!,
                            bytes(k)
                        )
                    }
                }
            }
        }
    }
}
