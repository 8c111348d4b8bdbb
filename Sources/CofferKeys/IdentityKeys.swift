// SPDX-License-Identifier: MIT
import CofferPrimitives

/// An account's public keys: X25519 for receiving shares, Ed25519 for signing, and — for an account that has
/// one — an MLKEM768-X25519 hybrid key that receives shares in place of the X25519 key (Spec/accounts.md §6.2).
package struct IdentityPublicKeys: Sendable, Hashable {
    package let agreement: X25519.PublicKey
    package let signing: Ed25519.VerifyingKey
    /// The post-quantum key shares are wrapped to, or nil for an account without one (a version 1 bundle).
    package let hybrid: MLKEM768X25519.PublicKey?

    package init(agreement: X25519.PublicKey, signing: Ed25519.VerifyingKey, hybrid: MLKEM768X25519.PublicKey? = nil) {
        self.agreement = agreement
        self.signing = signing
        self.hybrid = hybrid
    }

    /// The account id these keys name: `BLAKE2b-128("coffer/v1/account-id" ‖ signing)`.
    package var accountID: AccountID { AccountID(signingKey: signing) }

    /// True when shares to this account are wrapped to a post-quantum key.
    package var isPostQuantum: Bool { hybrid != nil }

    /// The same account's keys without the hybrid key (what a stripped bundle would carry).
    package var classical: IdentityPublicKeys { IdentityPublicKeys(agreement: agreement, signing: signing) }
}

/// An account's secret keys. One key, one purpose: the X25519 key (or the hybrid key, when the account has one)
/// only unwraps shares sent to the account, the Ed25519 key only signs the account's own records and bundle
/// (each signature under its own label).
package struct IdentityKeyPair: Sendable {
    package let agreement: X25519.PrivateKey
    package let signing: Ed25519.SigningKey
    /// The MLKEM768-X25519 key (its 32-byte seed), or nil for an account created without one.
    package let hybrid: MLKEM768X25519.PrivateKey?

    /// Fresh classical keys from the CSPRNG (no hybrid key).
    package init() {
        agreement = X25519.PrivateKey()
        signing = Ed25519.SigningKey()
        hybrid = nil
    }

    /// Fresh keys from the CSPRNG, with a hybrid key when `postQuantum` is true.
    package static func generate(postQuantum: Bool) throws(KeysError) -> IdentityKeyPair {
        let classical = IdentityKeyPair()
        guard postQuantum else { return classical }
        return try classical.adding(hybridSeed: .random(count: MLKEM768X25519.seedByteCount))
    }

    /// Keys from their 32-byte secrets (X25519 scalar, Ed25519 seed, and the hybrid seed if any).
    package init(
        agreementSecret: SecretBytes, signingSeed: SecretBytes, hybridSeed: SecretBytes? = nil
    ) throws(KeysError) {
        let agreementKey = try SecretKey32(agreementSecret, role: "X25519 secret key")
        let signingKey = try SecretKey32(signingSeed, role: "Ed25519 seed")
        agreement = X25519.PrivateKey(secret: agreementKey)
        signing = Ed25519.SigningKey(seed: signingKey)
        hybrid = try hybridSeed.map { seed throws(KeysError) in try Self.hybridKey(seed) }
    }

    private init(agreement: X25519.PrivateKey, signing: Ed25519.SigningKey, hybrid: MLKEM768X25519.PrivateKey?) {
        self.agreement = agreement
        self.signing = signing
        self.hybrid = hybrid
    }

    /// The same X25519 and Ed25519 keys with the hybrid key of `hybridSeed` (an account's upgrade).
    package func adding(hybridSeed: SecretBytes) throws(KeysError) -> IdentityKeyPair {
        IdentityKeyPair(agreement: agreement, signing: signing, hybrid: try Self.hybridKey(hybridSeed))
    }

    /// The same X25519 and Ed25519 keys without the hybrid key.
    var classical: IdentityKeyPair { IdentityKeyPair(agreement: agreement, signing: signing, hybrid: nil) }

    private static func hybridKey(_ seed: SecretBytes) throws(KeysError) -> MLKEM768X25519.PrivateKey {
        do {
            return try MLKEM768X25519.PrivateKey(seed: seed)
        } catch {
            throw .invalidKeyLength(role: "MLKEM768-X25519 seed", expected: 32, actual: seed.count)
        }
    }

    /// The public keys, recomputed from the secrets (never read from storage).
    package var publicKeys: IdentityPublicKeys {
        IdentityPublicKeys(agreement: agreement.publicKey, signing: signing.publicKey, hybrid: hybrid?.publicKey)
    }

    package var accountID: AccountID { publicKeys.accountID }

    /// `Ed25519.sign(signing, label ‖ message)`: every signature is domain-separated by a label.
    func sign(label: String, _ message: [UInt8]) -> [UInt8] {
        signing.signature(for: Array(label.utf8) + message)
    }
}

extension IdentityPublicKeys {
    /// Checks `signature` over `label ‖ message` under the signing key.
    func isValidSignature(_ signature: [UInt8], label: String, _ message: [UInt8]) -> Bool {
        signing.isValidSignature(signature, for: Array(label.utf8) + message)
    }
}
