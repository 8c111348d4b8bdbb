// SPDX-License-Identifier: MIT
import CofferPrimitives

/// A secret with one role. Each role is its own type wrapping `SecretBytes`, so a password key can never be
/// passed where a master key is expected (key separation enforced by the compiler as well as by derivation
/// contexts). `description` never shows the bytes.
package protocol SecretRole: Sendable, Equatable, CustomStringConvertible {
    /// The exact length of this role's secret in bytes.
    static var byteCount: Int { get }
    /// The role's name in messages, e.g. "master key".
    static var roleName: String { get }
    /// The secret's bytes, zeroed when the last copy is freed.
    var secret: SecretBytes { get }
    /// Wraps `secret`, whose length the caller has checked against `byteCount`.
    init(validated secret: SecretBytes)
}

extension SecretRole {
    /// Wraps `secret` after checking its length (`invalidKeyLength` otherwise).
    package init(_ secret: SecretBytes) throws(KeysError) {
        guard secret.count == Self.byteCount else {
            throw .invalidKeyLength(role: Self.roleName, expected: Self.byteCount, actual: secret.count)
        }
        self.init(validated: secret)
    }

    /// A fresh key from the CSPRNG.
    package static func random() -> Self { Self(validated: .random(count: byteCount)) }

    package var description: String { "\(Self.roleName) (redacted)" }
}

/// A role whose secret is a 32-byte key (`SecretKey32`), so seals under it and `crypto_kdf` from it cannot fail.
/// `init(validated:)` makes the key with `SecretKey32(validated:)`, whose length check no input reaches: its
/// callers checked the length (`SecretRole.init(_:)`, the agent's response) or made the bytes at that length.
package protocol SecretRole32: SecretRole {
    var key: SecretKey32 { get }
    init(key: SecretKey32)
}

extension SecretRole32 {
    package var secret: SecretBytes { key.secret }
    package init(validated secret: SecretBytes) { self.init(key: SecretKey32(validated: secret)) }
    package static func random() -> Self { Self(key: .random()) }
}

/// The account's root secret: 256 random bits, never derived from the password, so a password change or a
/// recovery re-wraps it and no data is re-encrypted. Every long-lived key of the account derives from it.
package struct MasterKey: SecretRole32 {
    package static let byteCount = 32
    package static let roleName = "master key"
    package let key: SecretKey32
    package init(key: SecretKey32) { self.key = key }
}

/// `HKDF-SHA-256(stretched, "", "coffer/v1/password-key", 32)`: wraps the master key (purpose "password").
package struct PasswordKey: SecretRole32 {
    package static let byteCount = 32
    package static let roleName = "password key"
    package let key: SecretKey32
    package init(key: SecretKey32) { self.key = key }
}

/// `HKDF-SHA-256(stretched, "", "coffer/v1/auth-secret", 32)`: what a storage service login may use.
/// Independent of the password key, so a service that learns it learns nothing that opens the master key.
package struct AuthenticationSecret: SecretRole {
    package static let byteCount = 32
    package static let roleName = "authentication secret"
    package let secret: SecretBytes
    package init(validated secret: SecretBytes) { self.secret = secret }
}

/// `crypto_kdf(masterKey, id 1, context "cofferid")`: encrypts the identity secret keys, nothing else.
package struct IdentitySecretsKey: SecretRole32 {
    package static let byteCount = 32
    package static let roleName = "identity secrets key"
    package let key: SecretKey32
    package init(key: SecretKey32) { self.key = key }
}

/// The 32-byte Argon2id output. It only ever feeds HKDF; it is never a key itself.
package struct StretchedPassword: SecretRole {
    package static let byteCount = 32
    package static let roleName = "stretched password"
    /// The Argon2id output's bytes.
    package let secret: SecretBytes
    /// Wraps an Argon2id output of `byteCount` bytes.
    package init(validated secret: SecretBytes) { self.secret = secret }
}

/// A password or passphrase as typed (UTF-8 bytes). Any length up to 1 MiB; never logged.
public struct Password: Sendable, Equatable, CustomStringConvertible {
    package let secret: SecretBytes

    /// The password's bytes as they are (read from a terminal or a file without a `String` copy).
    public init(_ secret: SecretBytes) { self.secret = secret }

    /// The UTF-8 bytes of `text`. For tests and the CLI's own prompt; prefer reading into `SecretBytes` directly.
    public init(_ text: String) { secret = SecretBytes(Array(text.utf8)) }

    public var description: String { "password (redacted)" }
}

extension SecretKey32 {
    /// The 32-byte key of `role` (`invalidKeyLength` naming the role otherwise).
    package init(_ secret: SecretBytes, role: String) throws(KeysError) {
        do {
            try self.init(secret)
        } catch {
            throw .invalidKeyLength(role: role, expected: Self.byteCount, actual: secret.count)
        }
    }
}
