// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Decrypts age v1, armored or binary, streaming in constant memory.
///
/// Order of checks (each failure typed, see `AgeError`): armor → header grammar → scrypt-alone rule → identities
/// (a malformed stanza of an identity's own type is a header failure; no unwrap is "no match") → header MAC →
/// 16-byte nonce → STREAM payload, chunk by chunk, nothing released before its chunk authenticated.
public struct AgeDecryptor {
    /// How armor is handled: detected from the first bytes, required, or refused. Not public: a client's
    /// decryptor detects armor; the CLI and the vector runners choose.
    package enum ArmorMode: Sendable {
        /// `detect`: de-armored when the input starts with the armor's begin line; `required`: always de-armored;
        /// `binary`: read as is.
        case detect, required, binary
    }

    /// Tried in order on the header's stanzas; the first that unwraps the file key is used.
    package let identities: [any Identity]
    /// How the payload's chunks are spread over the cores (the plaintext does not depend on it).
    package let concurrency: PayloadConcurrency
    /// The library that computes the payload's ChaCha20-Poly1305: `ChaCha20Poly1305.payloadBackend`, unless a
    /// benchmark or the vector audit sets another (the plaintext is the same).
    package var payloadBackend = ChaCha20Poly1305.payloadBackend

    /// A decryptor that tries `identities` in order, its payload opened on every core.
    public init(identities: [any Identity]) {
        self.init(identities: identities, concurrency: .allCores)
    }

    /// `init(identities:)` with the payload's chunks spread as `concurrency` says.
    package init(identities: [any Identity], concurrency: PayloadConcurrency) {
        self.identities = identities
        self.concurrency = concurrency
    }

    /// A header that has been authenticated, with the key to its payload; the source is positioned at chunk 0.
    package struct OpenedHeader {
        package let header: Header
        package let fileKey: FileKey
        package let payloadKey: PayloadKey
    }

    /// Reads and authenticates the header and reads the nonce.
    package func openHeader(from source: BufferedSource) throws -> OpenedHeader {
        try openHeader(try HeaderParser.parse(from: source), from: source)
    }

    /// Authenticates an already parsed `header` (for callers that look at its stanzas first, e.g. to decide whether
    /// to prompt for a passphrase) and reads the nonce that follows it in `source`.
    package func openHeader(_ header: Header, from source: BufferedSource) throws -> OpenedHeader {
        let fileKey = try unwrapFileKey(header)
        var nonce = [UInt8](repeating: 0, count: PayloadKey.nonceByteCount)
        guard try nonce.withUnsafeMutableBytes({ try source.readFully(into: $0) }) == nonce.count else {
            throw AgeError.missingNonce
        }
        let payloadKey = PayloadKey(fileKey: fileKey, nonce: nonce, backend: payloadBackend)
        return OpenedHeader(header: header, fileKey: fileKey, payloadKey: payloadKey)
    }

    /// Applies the scrypt-alone rule, asks each identity in turn, and verifies the header MAC.
    package func unwrapFileKey(_ header: Header) throws -> FileKey {
        if header.stanzas.count > 1 && header.stanzas.contains(where: { $0.type == ScryptRecipient.stanzaType }) {
            throw AgeError.scryptNotAlone
        }
        for identity in identities {
            if let fileKey = try identity.unwrapFileKey(header.stanzas) {
                try header.verifyMAC(fileKey: fileKey)
                return fileKey
            }
        }
        throw AgeError.noIdentityMatched(stanzaTypes: header.stanzas.map(\.type))
    }

    /// Decrypts everything `source` yields into `sink`, armored (detected from its first bytes) or binary.
    public func decrypt(from source: ByteSource, to sink: ByteSink) throws {
        try decrypt(from: source, to: sink, armor: .detect)
    }

    /// `decrypt(from:to:)` with armor handled as `armor` says.
    package func decrypt(from source: ByteSource, to sink: ByteSink, armor: ArmorMode) throws {
        let input = try AgeDecryptor.unarmored(source, mode: armor)
        let opened = try openHeader(from: input)
        try PayloadDecryptor(key: opened.payloadKey, concurrency: concurrency).decrypt(from: input, to: sink)
    }

    /// Decrypts the payload of an opened header into `sink` (the source is positioned at chunk 0).
    package func decryptPayload(of opened: OpenedHeader, from source: BufferedSource, to sink: ByteSink) throws {
        try PayloadDecryptor(key: opened.payloadKey, concurrency: concurrency).decrypt(from: source, to: sink)
    }

    /// Decrypts a byte array (small inputs, tests), armored (detected) or binary.
    public func decrypt(_ file: [UInt8]) throws -> [UInt8] {
        try decrypt(file, armor: .detect)
    }

    /// `decrypt(_:)` with armor handled as `armor` says.
    package func decrypt(_ file: [UInt8], armor: ArmorMode) throws -> [UInt8] {
        let sink = MemorySink()
        try decrypt(from: MemorySource(file), to: sink, armor: armor)
        return sink.bytes
    }

    /// The binary age file inside `source`, removing armor when present (or required).
    package static func unarmored(_ source: ByteSource, mode: ArmorMode) throws -> BufferedSource {
        let buffered = source as? BufferedSource ?? BufferedSource(source)
        switch mode {
        case .binary: return buffered
        case .required: return BufferedSource(ArmorDecoder(buffered))
        case .detect: return try Armor.looksArmored(buffered) ? BufferedSource(ArmorDecoder(buffered)) : buffered
        }
    }
}
