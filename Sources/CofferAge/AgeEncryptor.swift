// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Encrypts to age v1: `header(stanzas, MAC) ‖ nonce(16) ‖ STREAM(payloadKey, plaintext)`, optionally armored.
///
/// A fresh file key and nonce per file; each recipient wraps the file key; streaming in constant memory. With a
/// `concurrency` of more than one chunk per batch, a source and a sink that offer positional access (`positional`:
/// a regular file into a regular file, not armored) are encrypted by every core reading, sealing and writing its own
/// chunks (`PositionalPayloadEncryptor`); anything else goes through the pipelined `PayloadEncryptor`. The bytes
/// are the same either way.
public struct AgeEncryptor {
    /// Who can decrypt: each wraps the file key into its own stanza.
    package let recipients: [any Recipient]
    /// Whether the output is PEM-armored text (`-----BEGIN AGE ENCRYPTED FILE-----`) instead of binary.
    package let armored: Bool
    /// How the payload's chunks are spread over the cores (the bytes do not depend on it).
    package let concurrency: PayloadConcurrency
    /// The library that computes the payload's ChaCha20-Poly1305: `ChaCha20Poly1305.payloadBackend`, unless a
    /// benchmark or the vector audit sets another (the bytes are the same).
    package var payloadBackend = ChaCha20Poly1305.payloadBackend

    /// An encryptor to `recipients`, its payload spread over every core. Refuses no recipient, a passphrase
    /// (scrypt) recipient next to another, and post-quantum recipients mixed with classical ones.
    public init(recipients: [any Recipient], armored: Bool = false) throws(AgeUsageError) {
        try self.init(recipients: recipients, armored: armored, concurrency: .allCores)
    }

    /// `init(recipients:armored:)` with the payload's chunks spread as `concurrency` says.
    package init(recipients: [any Recipient], armored: Bool = false, concurrency: PayloadConcurrency)
        throws(AgeUsageError)
    {
        guard !recipients.isEmpty else { throw .noRecipients }
        for recipient in recipients { _ = try recipient.wrapping() }
        if recipients.count > 1 && recipients.contains(where: \.mustBeAlone) { throw .scryptNotAlone }
        // age's label rule: a post-quantum recipient next to a classical one would be silently only as strong as
        // the classical one against a quantum adversary.
        if recipients.contains(where: \.isPostQuantum) && !recipients.allSatisfy(\.isPostQuantum) {
            throw .postQuantumMixed
        }
        self.recipients = recipients
        self.armored = armored
        self.concurrency = concurrency
    }

    /// Encrypts everything `source` yields into `sink`.
    public func encrypt(from source: ByteSource, to sink: ByteSink) throws {
        let fileKey = FileKey.generate()
        var stanzas: [Stanza] = []
        for recipient in recipients { stanzas += try recipient.wrapping().wrap(fileKey) }
        try encrypt(from: source, to: sink, fileKey: fileKey, stanzas: stanzas, nonce: SecureRandom.bytes(count: 16))
    }

    /// The deterministic core, for vectors and tests: the caller supplies the file key, stanzas and nonce.
    package func encrypt(
        from source: ByteSource, to sink: ByteSink, fileKey: FileKey, stanzas: [Stanza], nonce: [UInt8]
    )
        throws
    {
        let armor = armored ? try ArmorEncoder(sink) : nil
        let out: ByteSink = armor ?? sink
        try out.write(Header(stanzas: stanzas, fileKey: fileKey).encoded + nonce)
        let key = PayloadKey(fileKey: fileKey, nonce: nonce, backend: payloadBackend)
        // A regular file into a regular file, with several cores: every core reads, seals and writes its own chunks.
        if armor == nil, concurrency.chunksPerBatch > 1, let file = source.positional,
            let (offset, length) = file.positionalRemainder(), let target = sink.positional,
            let start = target.positionalOffset()
        {
            let written = try PositionalPayloadEncryptor(key: key, workers: Platform.activeProcessorCount)
                .encrypt(from: file, at: offset, length: length, to: target, at: start)
            try file.seek(to: offset + length)
            try target.seek(to: start + written)
            return
        }
        try PayloadEncryptor(key: key, concurrency: concurrency).encrypt(from: BufferedSource(source), to: out)
        try armor?.finish()
    }

    /// Encrypts a byte array (small inputs, tests).
    public func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        let sink = MemorySink()
        try encrypt(from: MemorySource(plaintext), to: sink)
        return sink.bytes
    }
}
