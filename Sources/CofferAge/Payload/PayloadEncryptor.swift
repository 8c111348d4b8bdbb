// SPDX-License-Identifier: MIT

/// Encrypts plaintext into a STREAM payload (without the nonce) in constant memory.
///
/// `chunkᵢ = ChaCha20-Poly1305(payloadKey, i ‖ last, plaintext[64 KiB·i ..< 64 KiB·(i+1)])`. The final chunk is the
/// one after which the input ends: it may be full, and it is empty only for an empty plaintext (one empty chunk).
/// The chunks go through `PayloadPipeline`: with several chunks per batch (`concurrency`) a batch is sealed on
/// every core while this thread writes the previous batch and reads the next, so file I/O overlaps the cipher
/// instead of alternating with it. The bytes are identical to the sequential path.
package struct PayloadEncryptor {
    /// The key of every chunk.
    package let key: PayloadKey
    /// How many chunks a batch holds (one: each chunk in turn on the calling thread).
    package let concurrency: PayloadConcurrency

    /// A encryptor for the payload under `key`, one chunk at a time unless told otherwise.
    package init(key: PayloadKey, concurrency: PayloadConcurrency = .sequential) {
        self.key = key
        self.concurrency = concurrency
    }

    /// Seals chunk `index` (at most 64 KiB of `plaintext`) into the start of `slot` (at least 64 KiB + 16 bytes);
    /// `last`: the input ends with it. Returns the bytes sealed (`plaintext.count + 16`). The pipeline's transform,
    /// and `PositionalPayloadEncryptor`'s for each chunk of its blocks.
    static func sealChunk(
        _ plaintext: UnsafeRawBufferPointer, into slot: UnsafeMutableRawBufferPointer, key: PayloadKey,
        index: UInt64, last: Bool
    ) -> Int {
        let count = plaintext.count + PayloadChunk.tagByteCount
        PayloadChunk.seal(
            plaintext, into: UnsafeMutableRawBufferPointer(rebasing: slot[..<count]), key: key, counter: index,
            last: last)
        return count
    }

    package func encrypt(from source: BufferedSource, to sink: ByteSink) throws {
        let key = self.key
        let pipeline = PayloadPipeline<Int>(
            chunksPerBatch: concurrency.chunksPerBatch, inputChunkBytes: PayloadChunk.plaintextByteCount,
            outputChunkBytes: PayloadChunk.sealedByteCount, emptyInputIsOneChunk: true
        ) { plaintext, slot, index, last in
            PayloadEncryptor.sealChunk(plaintext, into: slot, key: key, index: index, last: last)
        }
        // Sealing cannot fail: a batch releases all it sealed (every chunk but the last is full, so the sealed
        // chunks are contiguous), and the batch that ends the input ends the payload.
        try pipeline.run(from: source, to: sink) { sealed, _, endsInput in
            let count = sealed.reduce(0, +)
            return endsInput ? .end(releasing: count, failure: nil) : .next(releasing: count)
        }
    }
}
