// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Something a file can be encrypted to: `X25519Recipient`, `HybridRecipient`, `ScryptRecipient`, and Coffer's own
/// stanza types in higher layers (fully-qualified names such as `coffer.dev/…`).
///
/// The wrapping itself is the package protocol `WrappingRecipient`: the file key and the stanza it goes into are
/// not public, so a recipient from outside Coffer could not produce one; `AgeEncryptor` refuses such a type
/// (`AgeUsageError`, code `invalidKey`).
public protocol Recipient: Sendable {}

/// A recipient that wraps the file key into stanzas: every recipient type of Coffer.
package protocol WrappingRecipient: Recipient {
    /// `stanzas = wrap(fileKey)` — the stanzas that let the matching identity recover `fileKey`.
    func wrap(_ fileKey: FileKey) throws -> [Stanza]
}

extension Recipient {
    /// The wrapping recipient this is, or `invalidRecipient` naming its type (never its contents).
    package func wrapping() throws(AgeUsageError) -> any WrappingRecipient {
        guard let wrapping = self as? any WrappingRecipient else { throw .invalidRecipient("\(Self.self)") }
        return wrapping
    }
}

/// A recipient with one of age's labels (as age's `RecipientWithLabels`): a type that is not one has none. Not
/// public: the labels are the recipient types' own business, read by `AgeEncryptor`.
package protocol LabelledRecipient: WrappingRecipient {
    /// True when this recipient must be the only one in a header (age's rule for passphrase stanzas).
    var mustBeAlone: Bool { get }
    /// True when the stanza resists a future quantum computer (age's "postquantum" label). A file is as strong as
    /// its weakest stanza, so `AgeEncryptor` refuses headers that mix post-quantum and classical recipients.
    var isPostQuantum: Bool { get }
}

extension LabelledRecipient {
    /// Not alone unless the type says so.
    package var mustBeAlone: Bool { false }
    /// Classical unless the type says so.
    package var isPostQuantum: Bool { false }
}

extension Recipient {
    /// The type's `mustBeAlone` label when it has labels, else false.
    package var mustBeAlone: Bool { (self as? any LabelledRecipient)?.mustBeAlone ?? false }
    /// The type's `isPostQuantum` label when it has labels, else false.
    package var isPostQuantum: Bool { (self as? any LabelledRecipient)?.isPostQuantum ?? false }
}

/// Something that can recover a file key from a header's stanzas.
///
/// The three outcomes are distinct on purpose, because the age test suite tells them apart:
/// - returns the file key when one of the stanzas is for this identity;
/// - returns nil when none of them is ("not mine": unknown types, or an authentication failure of the wrap);
/// - throws `AgeError` when a stanza of this identity's own type is malformed (a header failure).
///
/// As with `Recipient`, the unwrapping is the package protocol `UnwrappingIdentity`; an identity type from outside
/// Coffer opens no stanza ("no match").
public protocol Identity: Sendable {}

/// An identity that unwraps the file key from stanzas: every identity type of Coffer.
package protocol UnwrappingIdentity: Identity {
    /// `fileKey = unwrap(stanzas)`: the file key, nil when no stanza is for this identity, or a thrown `AgeError`.
    func unwrap(_ stanzas: [Stanza]) throws -> FileKey?
}

extension Identity {
    /// The file key from the first stanza for this identity; nil when none is, or when this is not a Coffer
    /// identity type.
    package func unwrapFileKey(_ stanzas: [Stanza]) throws -> FileKey? {
        try (self as? any UnwrappingIdentity)?.unwrap(stanzas)
    }
}

/// `fileKey = ChaCha20-Poly1305-Open(key: wrapKey, nonce: 0¹², body)` with the body length checked first — the
/// stanza-body unwrap shared by X25519 and scrypt. A body that is not 16 + 16 bytes is a header failure (it is
/// checked before decrypting, so an oversized key is never accepted); a tag failure means "not mine" (nil).
enum StanzaBody {
    static let byteCount = FileKey.byteCount + 16
    private static let zeroNonce = [UInt8](repeating: 0, count: 12)

    static func checkLength(_ body: [UInt8], type: String) throws(AgeError) {
        guard body.count == byteCount else {
            throw .invalidStanza(type: type, reason: "body has \(body.count) bytes, expected \(byteCount)")
        }
    }

    static func open(_ body: [UInt8], wrapKey: SecretBytes) -> FileKey? {
        var authentic = true
        let secret = SecretBytes(count: FileKey.byteCount) { out in
            wrapKey.withUnsafeBytes { key in
                body.withUnsafeBytes { input in
                    zeroNonce.withUnsafeBytes { nonce in
                        do {
                            try ChaCha20Poly1305.open(input, into: out, key: key, nonce: nonce)
                        } catch {
                            authentic = false
                        }
                    }
                }
            }
        }
        return authentic ? FileKey(unchecked: secret) : nil
    }

    /// Seals the file key straight from its zeroing storage (no `[UInt8]` copy of it): cannot fail.
    static func seal(_ fileKey: FileKey, wrapKey: SecretKey32) -> [UInt8] {
        ChaCha20Poly1305.seal(secret: fileKey.secret, using: wrapKey, nonce: .zero)
    }
}
