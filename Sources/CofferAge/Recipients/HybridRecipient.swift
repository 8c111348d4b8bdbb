// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The age post-quantum recipient type (age v1.3, C2SP age §"The MLKEM768-X25519 hybrid post-quantum recipient
/// type"): `-> mlkem768x25519 base64(enc)` with body `ct`, where
/// `enc, ct = HPKE-SealBase(KEM: MLKEM768-X25519, KDF: HKDF-SHA-256, AEAD: ChaCha20-Poly1305, pkR: recipient,
/// info: "age-encryption.org/mlkem768x25519", aad: "", plaintext: fileKey)`.
///
/// Encoded as Bech32 `age1pq1…` (the 1216-byte public key) and `AGE-SECRET-KEY-PQ-1…` (the 32-byte seed),
/// byte-compatible with age 1.3. It is secure against a future quantum computer only if every other recipient of
/// the file is too, so `AgeEncryptor` refuses to mix it with classical recipients (`isPostQuantum`).
public struct HybridRecipient: LabelledRecipient, Hashable {
    static let stanzaType = "mlkem768x25519"
    static let label = Array("age-encryption.org/mlkem768x25519".utf8)
    static let recipientPrefix = "age1pq"

    package let publicKey: MLKEM768X25519.PublicKey

    package init(publicKey: MLKEM768X25519.PublicKey) {
        self.publicKey = publicKey
    }

    /// Parses `age1pq1…` (Bech32 without a length limit, lowercase as age writes it). The ML-KEM part must be a
    /// canonical encapsulation key.
    public init(_ text: String) throws(AgeUsageError) {
        do {
            let bytes = try Bech32.decode(text, expecting: HybridRecipient.recipientPrefix)
            guard text == text.lowercased() else { throw AgeUsageError.invalidRecipient(text) }
            publicKey = try MLKEM768X25519.PublicKey(rawRepresentation: bytes)
        } catch {
            throw .invalidRecipient(text)
        }
    }

    /// `age1pq1…` — 1,960 characters.
    public var encoded: String {
        Bech32.encode(humanReadablePart: HybridRecipient.recipientPrefix, data: publicKey.rawRepresentation)
    }

    package var isPostQuantum: Bool { true }

    package func wrap(_ fileKey: FileKey) throws -> [Stanza] {
        let (enc, body) = try MLKEM768X25519.seal(fileKey.secret, to: publicKey, info: HybridRecipient.label)
        return [Stanza(validatedType: HybridRecipient.stanzaType, arguments: [Base64.encode(enc)], body: body)]
    }
}

/// The secret half of `HybridRecipient`: unwraps `mlkem768x25519` stanzas addressed to it.
public struct HybridIdentity: UnwrappingIdentity {
    static let secretPrefix = "AGE-SECRET-KEY-PQ-"

    package let privateKey: MLKEM768X25519.PrivateKey

    package init(privateKey: MLKEM768X25519.PrivateKey) {
        self.privateKey = privateKey
    }

    /// A fresh identity.
    public static func generate() throws(PrimitiveError) -> HybridIdentity {
        HybridIdentity(privateKey: try MLKEM768X25519.PrivateKey.generate())
    }

    /// Parses `AGE-SECRET-KEY-PQ-1…` (Bech32, uppercase as age writes it). The string is never echoed in errors.
    public init(_ text: String) throws(AgeUsageError) {
        let bytes: [UInt8]
        do {
            bytes = try Bech32.decode(text, expecting: HybridIdentity.secretPrefix)
        } catch {
            throw .invalidIdentity(reason: "not an AGE-SECRET-KEY-PQ-1… string (\(error))")
        }
        guard text == text.uppercased() else { throw .invalidIdentity(reason: "secret keys are written in uppercase") }
        do {
            privateKey = try MLKEM768X25519.PrivateKey(seed: SecretBytes(bytes))
        } catch {
            throw .invalidIdentity(reason: "post-quantum secret key has \(bytes.count) bytes, expected 32")
        }
    }

    /// `AGE-SECRET-KEY-PQ-1…` — secret; write it only to an identity file.
    public func encodedSecret() -> String {
        Bech32.encode(
            humanReadablePart: HybridIdentity.secretPrefix, data: privateKey.seed.revealedBytes(), uppercase: true)
    }

    /// The recipient this identity decrypts for (its `age1pq1…` public key).
    public var recipient: HybridRecipient { HybridRecipient(publicKey: privateKey.publicKey) }

    /// Reader rules of the spec, in order: exactly one argument; canonical base64 of 1120 bytes; a body of exactly
    /// 32 bytes (checked before any decryption); an all-zero X25519 share aborts (header failure); a tag failure
    /// is "not mine".
    package func unwrap(_ stanzas: [Stanza]) throws -> FileKey? {
        let type = HybridRecipient.stanzaType
        for stanza in stanzas where stanza.type == type {
            guard stanza.arguments.count == 1 else {
                throw AgeError.invalidStanza(type: type, reason: "expected 1 argument, found \(stanza.arguments.count)")
            }
            let enc: [UInt8]
            do {
                enc = try Base64.decode(stanza.arguments[0])
            } catch {
                throw AgeError.invalidStanza(type: type, reason: "enc is not canonical base64")
            }
            guard enc.count == MLKEM768X25519.encapsulatedKeyByteCount else {
                throw AgeError.invalidStanza(type: type, reason: "enc has \(enc.count) bytes, expected 1120")
            }
            try StanzaBody.checkLength(stanza.body, type: type)
            let secret: SecretBytes
            do {
                secret = try MLKEM768X25519.open(
                    stanza.body, encapsulatedKey: enc, with: privateKey, info: HybridRecipient.label)
            } catch .x25519LowOrderPoint {
                throw AgeError.lowOrderShare
            } catch {
                continue
            }
            // A 32-byte body opens to exactly 16 bytes, the length checked above.
            return FileKey(unchecked: secret)
        }
        return nil
    }
}
