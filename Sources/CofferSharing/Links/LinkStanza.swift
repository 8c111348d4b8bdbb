// SPDX-License-Identifier: MIT
import CofferFormat
import CofferPrimitives

/// `-> coffer.dev/v1/link base64(lookupID)` with body `record ‖ wrappedFileKey₃₂ ‖ signature₆₄` — one share link
/// inside an age header (Spec/links.md §4, registered in Spec/content-format.md §4.4).
///
/// `wrappedFileKey = ChaCha20-Poly1305(wrapKey, nonce: 0¹², fileKey)`, `signature = Ed25519(recordSigningKey,
/// "coffer/v1/links/record" ‖ 0x00 ‖ record ‖ wrappedFileKey)`. The lookup id argument lets one file carry many
/// links, each revoked by deleting its stanza (and recomputing the header MAC). age ignores the unknown type.
public struct LinkStanza: Sendable, Equatable {
    public static let type = "coffer.dev/v1/link"
    static let wrappedKeyByteCount = FileKey.byteCount + ChaCha20Poly1305.tagByteCount
    private static let zeroNonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceByteCount)

    public let record: LinkRecord
    public let wrappedKey: [UInt8]
    public let signature: [UInt8]

    /// Seals `fileKey` under `wrapKey` and signs the record and the wrapped key with `secret`'s signing key.
    public init(record: LinkRecord, fileKey: FileKey, wrapKey: SecretBytes, secret: LinkSecret) {
        let wrapped = try! ChaCha20Poly1305.seal(fileKey.secret.revealedBytes(), using: wrapKey, nonce: Self.zeroNonce)
        self.init(record: record, wrappedKey: wrapped, signingKey: secret.recordSigningKey)
    }

    /// Signs `record ‖ wrappedKey` with `signingKey` as is (vectors use it to make records signed by someone else,
    /// or authentic records carrying values an honest writer never produces).
    public init(record: LinkRecord, wrappedKey: [UInt8], signingKey: Ed25519.SigningKey) {
        self.record = record
        self.wrappedKey = wrappedKey
        signature = signingKey.signature(for: LinkRecord.signedMessage(record: record.encoded, wrappedKey: wrappedKey))
    }

    public var stanza: Stanza {
        try! Stanza(
            type: Self.type, arguments: [record.lookupID.stanzaText], body: record.encoded + wrappedKey + signature)
    }

    /// Whether `stanza` is a link stanza whose argument names `lookupID` (other links' stanzas are not ours).
    static func names(_ stanza: Stanza, _ lookupID: LinkLookupID) -> Bool {
        stanza.type == type && stanza.arguments.first == lookupID.stanzaText
    }

    /// Parses a link stanza: exactly one argument, the lookup id (canonical base64 of 16 bytes); the body is one
    /// record whose lookup id equals the argument, then exactly 32 + 64 bytes.
    public init(parsing stanza: Stanza) throws(LinkError) {
        guard stanza.type == Self.type else { throw .malformedLinkStanza("stanza type is \(stanza.type)") }
        guard stanza.arguments.count == 1 else {
            throw .malformedLinkStanza("\(stanza.arguments.count) arguments, expected 1 (the lookup id)")
        }
        guard let idBytes = try? Base64.decode(stanza.arguments[0]), idBytes.count == LinkLookupID.byteCount else {
            throw .malformedLinkStanza("the lookup id is not canonical base64 of 16 bytes")
        }
        let (record, used) = try LinkRecord.parse(prefixOf: stanza.body)
        guard record.lookupID.bytes == idBytes else {
            throw .malformedLinkStanza("the record's lookup id differs from the stanza's")
        }
        let rest = stanza.body.count - used
        guard rest == Self.wrappedKeyByteCount + Ed25519.signatureByteCount else {
            throw .malformedLinkStanza("\(rest) bytes after the record, expected 96 (wrapped key and signature)")
        }
        self.record = record
        wrappedKey = Array(stanza.body[used..<used + Self.wrappedKeyByteCount])
        signature = Array(stanza.body[(used + Self.wrappedKeyByteCount)...])
    }

    /// Checks the signature under the key `secret` derives: a record made by anyone without `S` fails here.
    func verifySignature(secret: LinkSecret) throws(LinkError) {
        let message = LinkRecord.signedMessage(record: record.encoded, wrappedKey: wrappedKey)
        guard secret.recordSigningKey.publicKey.isValidSignature(signature, for: message) else {
            throw .badRecordSignature
        }
    }

    /// `fileKey = ChaCha20-Poly1305-Open(wrapKey, 0¹², wrappedKey)`; nil when the tag fails.
    func unwrap(wrapKey: SecretBytes) -> FileKey? {
        guard let opened = try? ChaCha20Poly1305.openSecret(wrappedKey, using: wrapKey, nonce: Self.zeroNonce) else {
            return nil
        }
        return try? FileKey(secret: opened)
    }
}
