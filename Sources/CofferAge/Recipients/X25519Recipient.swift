// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The age X25519 recipient type: `-> X25519 base64(ephemeralShare)` with body
/// `ChaCha20-Poly1305(wrapKey, nonce 0¹², fileKey)`, where
/// `wrapKey = HKDF-SHA-256(ikm: X25519(ephemeral, recipient), salt: ephemeralShare ‖ recipient,
/// info: "age-encryption.org/v1/X25519")`.
///
/// Encoded as Bech32 `age1…` (public) and `AGE-SECRET-KEY-1…` (secret), byte-compatible with age and rage.
public struct X25519Recipient: WrappingRecipient, Hashable {
    static let stanzaType = "X25519"
    static let label = Array("age-encryption.org/v1/X25519".utf8)
    static let recipientPrefix = "age"

    package let publicKey: X25519.PublicKey

    package init(publicKey: X25519.PublicKey) {
        self.publicKey = publicKey
    }

    /// Parses `age1…` (Bech32, lowercase as age writes it).
    public init(_ text: String) throws(AgeUsageError) {
        do {
            let bytes = try Bech32.decode(text, expecting: X25519Recipient.recipientPrefix)
            guard text == text.lowercased() else { throw AgeUsageError.invalidRecipient(text) }
            publicKey = try X25519.PublicKey(rawRepresentation: bytes)
        } catch {
            throw .invalidRecipient(text)
        }
    }

    /// `age1…`.
    public var encoded: String {
        Bech32.encode(humanReadablePart: X25519Recipient.recipientPrefix, data: publicKey.rawRepresentation)
    }

    package func wrap(_ fileKey: FileKey) throws -> [Stanza] {
        try wrap(fileKey, ephemeral: X25519.PrivateKey())
    }

    /// `wrap` with a caller-chosen ephemeral key: only for reproducible test vectors. Never reuse an ephemeral key.
    package func wrap(_ fileKey: FileKey, ephemeral: X25519.PrivateKey) throws -> [Stanza] {
        let share = ephemeral.publicKey.rawRepresentation
        let shared = try ephemeral.sharedSecret(with: publicKey)
        let wrapKey = HKDF<SHA256>.deriveKey32(
            inputKeyMaterial: shared, salt: share + publicKey.rawRepresentation, info: X25519Recipient.label)
        let body = StanzaBody.seal(fileKey, wrapKey: wrapKey)
        return [Stanza(validatedType: X25519Recipient.stanzaType, arguments: [Base64.encode(share)], body: body)]
    }
}

/// The secret half of `X25519Recipient`: unwraps `X25519` stanzas addressed to it.
public struct X25519Identity: UnwrappingIdentity {
    static let secretPrefix = "AGE-SECRET-KEY-"

    package let privateKey: X25519.PrivateKey

    package init(privateKey: X25519.PrivateKey) {
        self.privateKey = privateKey
    }

    /// A fresh identity.
    public static func generate() -> X25519Identity {
        X25519Identity(privateKey: X25519.PrivateKey())
    }

    /// Parses `AGE-SECRET-KEY-1…` (Bech32, uppercase as age writes it). The string is never echoed in errors.
    public init(_ text: String) throws(AgeUsageError) {
        let bytes: [UInt8]
        do {
            bytes = try Bech32.decode(text, expecting: X25519Identity.secretPrefix)
        } catch {
            throw .invalidIdentity(reason: "not an AGE-SECRET-KEY-1… string (\(error))")
        }
        guard text == text.uppercased() else { throw .invalidIdentity(reason: "secret keys are written in uppercase") }
        do {
            privateKey = try X25519.PrivateKey(rawRepresentation: SecretBytes(bytes))
        } catch {
            throw .invalidIdentity(reason: "secret key has \(bytes.count) bytes, expected 32")
        }
    }

    /// `AGE-SECRET-KEY-1…` — secret; write it only to an identity file.
    public func encodedSecret() -> String {
        Bech32.encode(
            humanReadablePart: X25519Identity.secretPrefix, data: privateKey.rawRepresentation.revealedBytes(),
            uppercase: true
        )
    }

    /// The recipient this identity decrypts for (its `age1…` public key).
    public var recipient: X25519Recipient { X25519Recipient(publicKey: privateKey.publicKey) }

    /// `fileKey = ChaCha20-Poly1305-open(HKDF(X25519(secret, share), share ‖ public, label), body)` for the first
    /// `X25519` stanza that opens; nil when none does.
    package func unwrap(_ stanzas: [Stanza]) throws -> FileKey? {
        let ourPublic = privateKey.publicKey.rawRepresentation
        for stanza in stanzas where stanza.type == X25519Recipient.stanzaType {
            guard stanza.arguments.count == 1 else {
                throw AgeError.invalidStanza(
                    type: stanza.type, reason: "expected 1 argument, found \(stanza.arguments.count)")
            }
            let share: [UInt8]
            do {
                share = try Base64.decode(stanza.arguments[0])
            } catch {
                throw AgeError.invalidStanza(type: stanza.type, reason: "share is not canonical base64")
            }
            guard share.count == X25519.keyByteCount else {
                throw AgeError.invalidStanza(type: stanza.type, reason: "share has \(share.count) bytes, expected 32")
            }
            try StanzaBody.checkLength(stanza.body, type: stanza.type)
            let shared: SecretBytes
            do {
                shared = try privateKey.sharedSecret(with: X25519.PublicKey(rawRepresentation: share))
            } catch {
                throw AgeError.lowOrderShare
            }
            let wrapKey = try HKDF<SHA256>.deriveKey(
                inputKeyMaterial: shared, salt: share + ourPublic, info: X25519Recipient.label, outputByteCount: 32
            )
            if let fileKey = StanzaBody.open(stanza.body, wrapKey: wrapKey) { return fileKey }
        }
        return nil
    }
}
