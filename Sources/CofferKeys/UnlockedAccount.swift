// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The three records that make up an account on the storage side (ciphertext and public data only).
package struct AccountRecordSet: Sendable, Equatable {
    package var bundle: [UInt8]
    package var account: [UInt8]
    package var identitySecrets: [UInt8]

    package init(bundle: [UInt8], account: [UInt8], identitySecrets: [UInt8]) {
        self.bundle = bundle
        self.account = account
        self.identitySecrets = identitySecrets
    }
}

/// An account after a successful unlock: every secret the rest of Coffer needs, each in its role type.
public struct UnlockedAccount: Sendable {
    /// The account's id.
    public let accountID: AccountID
    /// The root of the account's key hierarchy. Later layers derive their keys from it with their own contexts.
    package let masterKey: MasterKey
    /// The X25519 key (receiving shares) and the Ed25519 key (signing), checked against the bundle.
    package let identity: IdentityKeyPair
    /// The signed public bundle, as contacts see it.
    public let bundle: IdentityBundle
    /// The account record this unlock verified (its revision is the device's new high-water mark).
    package let record: AccountRecord
    /// What to present to a storage service at login; replaced by OPAQUE later.
    package let loginCredential: any LoginCredential

    /// The fingerprint contacts compare to verify this account's bundle.
    package var fingerprint: Fingerprint { bundle.fingerprint }

    /// `hex(crypto_kdf(masterKey, id: 1, context: "cofferkc", 16)[0..<8])`: a public check value that shows two
    /// unlocks reached the same master key (after a password change or recovery) without revealing it.
    package var masterKeyCheck: String { Self.masterKeyCheck(of: masterKey) }

    /// The `crypto_kdf` context of the master-key check (Spec/accounts.md, "Labels").
    package static let masterKeyCheckContext = MasterKeyContext.masterKeyCheck.rawValue

    /// `crypto_kdf(masterKey, id: 1, context: "cofferkc")` with a **16-byte** output (libsodium's BLAKE2b takes the
    /// output length as a parameter, so this is not a prefix of the 32-byte subkey), first 8 bytes, lowercase hex
    /// (Spec/accounts.md §2). Vectors: `keys_subkeys.json`, derivation `master-key-check`.
    package static func masterKeyCheck(of masterKey: MasterKey) -> String {
        let check = SubkeyDerivation.deriveKey(
            from: masterKey.key, id: 1, context: MasterKeyContext.masterKeyCheck, length: .bytes16)
        let digits = Array("0123456789abcdef")
        return String(check.revealedBytes().prefix(8).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
