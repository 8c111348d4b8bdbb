// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The `crypto_kdf` contexts this layer derives from the master key itself (Spec/accounts.md, "Labels"); later
/// layers declare their own `SubkeyContextName` enums, and their tests check that none is one of these.
package enum MasterKeyContext: String, SubkeyContextName {
    /// `crypto_kdf(masterKey, 1, "cofferid")`: the identity secrets key.
    case identitySecrets = "cofferid"
    /// `crypto_kdf(masterKey, 1, "cofferkc")` to 16 bytes: the master-key check value.
    case masterKeyCheck = "cofferkc"
}

extension MasterKey {
    /// Contexts this layer uses itself; later layers must pick others (one key, one purpose).
    package static let reservedSubkeyContexts = Set(MasterKeyContext.allCases.map(\.rawValue))

    /// `crypto_kdf(masterKey, id, context)`: a 32-byte key for a later layer (e.g. the vault's root key), under
    /// its own 8-byte ASCII context. Refuses this layer's reserved contexts, so no key is derived twice for two
    /// purposes (`invalidKeyLength` names a context that is not exactly 8 bytes or is reserved).
    package func subkey(context: String, id: UInt64 = 1) throws(KeysError) -> SecretBytes {
        guard SubkeyDerivation.isValidContext(context), !Self.reservedSubkeyContexts.contains(context) else {
            throw .invalidKeyLength(
                role: "subkey context \"\(context)\" (8 ASCII bytes, not reserved)", expected: 8,
                actual: context.utf8.count)
        }
        do {
            return try SubkeyDerivation.deriveSubkey(from: secret, id: id, context: context)
        } catch {
            throw .invalidKeyLength(role: "subkey context \"\(context)\"", expected: 8, actual: context.utf8.count)
        }
    }

    /// `crypto_kdf(masterKey, id, context)` under a context of a later layer's closed set (its tests check each
    /// is 8 ASCII bytes and not one of `reservedSubkeyContexts`): cannot fail.
    package func subkey(_ context: some SubkeyContextName, id: UInt64 = 1) -> SecretKey32 {
        SubkeyDerivation.deriveKey32(from: key, id: id, context: context)
    }
}
