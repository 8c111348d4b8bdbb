// SPDX-License-Identifier: MIT
import CofferPrimitives

extension MasterKey {
    /// Contexts this layer uses itself; later layers must pick others (one key, one purpose).
    package static let reservedSubkeyContexts: Set<String> = [IdentitySecretsRecord.subkeyContext, "cofferkc"]

    /// `crypto_kdf(masterKey, id, context)`: a 32-byte key for a later layer (e.g. the vault's root key), under
    /// its own 8-byte ASCII context. Refuses this layer's reserved contexts, so no key is derived twice for two
    /// purposes (`invalidKeyLength` names a context that is not exactly 8 bytes or is reserved).
    package func subkey(context: String, id: UInt64 = 1) throws(KeysError) -> SecretBytes {
        guard context.utf8.count == SubkeyDerivation.contextByteCount, context.allSatisfy(\.isASCII),
            !Self.reservedSubkeyContexts.contains(context)
        else {
            throw .invalidKeyLength(
                role: "subkey context \"\(context)\" (8 ASCII bytes, not reserved)", expected: 8,
                actual: context.utf8.count)
        }
        return try! SubkeyDerivation.deriveSubkey(from: secret, id: id, context: context)
    }
}
