// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives

/// `envelope = record ‖ wrappedKey ‖ signature` — what one link grants (Spec/links.md §4–5). For a file it is the
/// body of the age stanza `-> coffer.dev/v1/link base64(lookupID)`; a folder link (kind folder) stores the same
/// bytes beside the vault, under the lookup id.
///
/// `wrappedKey = ChaCha20-Poly1305(wrapKey, nonce: 0¹², key)` (16 + 16 bytes for a file key, 32 + 16 for a folder
/// key), `signature = Ed25519(recordSigningKey, "coffer/v1/links/record" ‖ 0x00 ‖ record ‖ wrappedKey)`. The lookup
/// id lets one file carry many links, each revoked by deleting its stanza (and recomputing the header MAC).
package struct LinkEnvelope: Sendable, Equatable {
    package static let stanzaType = "coffer.dev/v1/link"

    package let record: LinkRecord
    package let wrappedKey: [UInt8]
    package let signature: [UInt8]

    /// The length of the key a record of `kind` grants: a 16-byte age file key or a 32-byte folder key.
    package static func keyByteCount(_ kind: LinkRecord.TargetKind) -> Int { kind == .file ? FileKey.byteCount : 32 }

    /// Seals `key` under `wrapKey` and signs the record and the wrapped key with `secret`'s signing key.
    /// The key is sealed straight from its zeroing storage (no `[UInt8]` copy of it).
    package init(record: LinkRecord, key: SecretBytes, wrapKey: SecretKey32, secret: LinkSecret) {
        precondition(key.count == Self.keyByteCount(record.kind), "the key's length must fit the record's kind")
        let wrapped = ChaCha20Poly1305.seal(secret: key, using: wrapKey, nonce: .zero)
        self.init(record: record, wrappedKey: wrapped, signingKey: secret.recordSigningKey)
    }

    /// Signs `record ‖ wrappedKey` with `signingKey` as is (vectors use it to make records signed by someone else,
    /// or authentic records carrying values an honest writer never produces).
    package init(record: LinkRecord, wrappedKey: [UInt8], signingKey: Ed25519.SigningKey) {
        self.record = record
        self.wrappedKey = wrappedKey
        signature = signingKey.signature(for: LinkRecord.signedMessage(record: record.encoded, wrappedKey: wrappedKey))
    }

    package var encoded: [UInt8] { record.encoded + wrappedKey + signature }

    /// The age stanza of a file link.
    package var stanza: Stanza {
        Stanza(constantType: Self.stanzaType, arguments: [.base64(record.lookupID.bytes)], body: encoded)
    }

    /// Whether `stanza` is a link stanza whose argument names `lookupID` (other links' stanzas are not ours).
    static func names(_ stanza: Stanza, _ lookupID: LinkLookupID) -> Bool {
        stanza.type == stanzaType && stanza.arguments.first == lookupID.stanzaText
    }

    /// Parses an envelope: one record, then exactly the wrapped key its kind implies and a 64-byte signature.
    package init(parsing bytes: [UInt8]) throws(LinkError) {
        let (record, used) = try LinkRecord.parse(prefixOf: bytes)
        let wrappedCount = Self.keyByteCount(record.kind) + ChaCha20Poly1305.tagByteCount
        let rest = bytes.count - used
        guard rest == wrappedCount + Ed25519.signatureByteCount else {
            throw .malformedLinkStanza(
                "\(rest) bytes after the record, expected \(wrappedCount + 64) (wrapped key and signature)")
        }
        self.record = record
        wrappedKey = Array(bytes[used..<used + wrappedCount])
        signature = Array(bytes[(used + wrappedCount)...])
    }

    /// Parses a link stanza: exactly one argument, the lookup id (canonical base64 of 16 bytes), and an envelope
    /// whose record names the same lookup id.
    package init(parsing stanza: Stanza) throws(LinkError) {
        guard stanza.type == Self.stanzaType else { throw .malformedLinkStanza("stanza type is \(stanza.type)") }
        guard stanza.arguments.count == 1 else {
            throw .malformedLinkStanza("\(stanza.arguments.count) arguments, expected 1 (the lookup id)")
        }
        guard let idBytes = try? Base64.decode(stanza.arguments[0]), idBytes.count == LinkLookupID.byteCount else {
            throw .malformedLinkStanza("the lookup id is not canonical base64 of 16 bytes")
        }
        try self.init(parsing: stanza.body)
        guard record.lookupID.bytes == idBytes else {
            throw .malformedLinkStanza("the record's lookup id differs from the stanza's")
        }
    }

    /// Checks the signature under the key `secret` derives: a record made by anyone without `S` fails here.
    func verifySignature(secret: LinkSecret) throws(LinkError) {
        let message = LinkRecord.signedMessage(record: record.encoded, wrappedKey: wrappedKey)
        guard secret.recordSigningKey.publicKey.isValidSignature(signature, for: message) else {
            throw .badRecordSignature
        }
    }

    /// `key = ChaCha20-Poly1305-Open(wrapKey, 0¹², wrappedKey)`; nil when the tag fails.
    func unwrap(wrapKey: SecretKey32) -> SecretBytes? {
        try? ChaCha20Poly1305.openSecret(wrappedKey, using: wrapKey.secret, nonce: Nonce12.zero.bytes)
    }
}
