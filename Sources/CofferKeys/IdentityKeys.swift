// SPDX-License-Identifier: MIT
import CofferPrimitives

/// An account's two public keys: X25519 for receiving shares, Ed25519 for signing.
public struct IdentityPublicKeys: Sendable, Hashable {
    public let agreement: X25519.PublicKey
    public let signing: Ed25519.VerifyingKey

    public init(agreement: X25519.PublicKey, signing: Ed25519.VerifyingKey) {
        self.agreement = agreement
        self.signing = signing
    }

    /// The account id these keys name: `BLAKE2b-128("coffer/v1/account-id" ‖ signing)`.
    public var accountID: AccountID { AccountID(signingKey: signing) }
}

/// An account's two secret keys. One key, one purpose: the X25519 key only unwraps shares sent to the account,
/// the Ed25519 key only signs the account's own records and bundle (each signature under its own label).
public struct IdentityKeyPair: Sendable {
    public let agreement: X25519.PrivateKey
    public let signing: Ed25519.SigningKey

    /// Fresh keys from the CSPRNG.
    public init() {
        agreement = X25519.PrivateKey()
        signing = Ed25519.SigningKey()
    }

    /// Keys from their 32-byte secrets (X25519 scalar, Ed25519 seed).
    public init(agreementSecret: SecretBytes, signingSeed: SecretBytes) throws(KeysError) {
        guard agreementSecret.count == 32 else {
            throw .invalidKeyLength(role: "X25519 secret key", expected: 32, actual: agreementSecret.count)
        }
        guard signingSeed.count == 32 else {
            throw .invalidKeyLength(role: "Ed25519 seed", expected: 32, actual: signingSeed.count)
        }
        agreement = try! X25519.PrivateKey(rawRepresentation: agreementSecret)
        signing = try! Ed25519.SigningKey(seed: signingSeed)
    }

    /// The public keys, recomputed from the secrets (never read from storage).
    public var publicKeys: IdentityPublicKeys {
        IdentityPublicKeys(agreement: agreement.publicKey, signing: signing.publicKey)
    }

    public var accountID: AccountID { publicKeys.accountID }

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
