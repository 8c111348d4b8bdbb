// SPDX-License-Identifier: MIT
import CofferPrimitives

/// What one password gives, each under its own HKDF label (Spec/accounts.md, "Password to keys"):
///
/// - `passwordKey  = HKDF-SHA-256(ikm: stretched, salt: "", info: "coffer/v1/password-key", L = 32)`
/// - `verifier     = HKDF-SHA-256(ikm: stretched, salt: "", info: "coffer/v1/password-verifier", L = 32)`
/// - `authSecret   = HKDF-SHA-256(ikm: stretched, salt: "", info: "coffer/v1/auth-secret", L = 32)`
///
/// The verifier is stored in the (signed) account record, so a wrong password is told apart from a tampered
/// record before any AEAD is opened. Knowing one output reveals nothing about the others.
package struct PasswordSecrets: Sendable {
    package static let passwordKeyLabel = "coffer/v1/password-key"
    package static let verifierLabel = "coffer/v1/password-verifier"
    package static let authenticationLabel = "coffer/v1/auth-secret"

    package let passwordKey: PasswordKey
    /// Public once stored: lets a reader recognise the right password. Not a secret role.
    package let verifier: [UInt8]
    package let authenticationSecret: AuthenticationSecret

    /// Splits the Argon2id output into its three independent outputs.
    package init(stretched: StretchedPassword) {
        passwordKey = PasswordKey(
            key: HKDF<SHA256>.deriveKey32(
                inputKeyMaterial: stretched.secret, salt: [], info: Array(Self.passwordKeyLabel.utf8)))
        verifier = Self.expand(stretched, Self.verifierLabel).revealedBytes()
        authenticationSecret = AuthenticationSecret(validated: Self.expand(stretched, Self.authenticationLabel))
    }

    /// Checks policy, runs the KDF, derives. The policy check comes first: refused parameters never reach the KDF.
    package init(
        password: Password, parameters: KDFParameters, policy: KDFPolicy, hashing: any PasswordHashing
    ) throws(KeysError) {
        try policy.check(parameters)
        self.init(stretched: try hashing.stretch(password, parameters: parameters))
    }

    /// True when `stored` equals this password's verifier (constant time).
    package func matches(verifier stored: [UInt8]) -> Bool { ConstantTime.equals(verifier, stored) }

    static func expand(_ stretched: StretchedPassword, _ label: String) -> SecretBytes {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: stretched.secret, salt: [], info: Array(label.utf8))
    }
}
