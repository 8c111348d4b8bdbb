// SPDX-License-Identifier: MIT

/// Decrypts a STREAM payload (everything after the 16-byte nonce) from a source to a sink, in constant memory.
///
/// Chunk i is opened with nonce `i ‖ 0x00` when full and more data follows, `i ‖ 0x01` when it is the last piece of
/// the input. Plaintext of a chunk reaches the sink only after that chunk authenticated, and chunks are released in
/// order, so a failure in chunk k leaves exactly chunks 0..<k in the sink. The rules, each with its own error:
/// - the input ends where a chunk should start → `truncated` (covers a payload with no chunk at all);
/// - a full chunk authenticates as final but data follows → `trailingData` (after releasing that chunk, as age does);
/// - a 16-byte (empty) final chunk that is not the first → `emptyFinalChunk`;
/// - a tag does not verify under the expected counter and flag → `chunkAuthenticationFailed`. A swapped, dropped,
///   duplicated or modified chunk lands here, because the counter binds each chunk to its position.
///
/// The pieces go through `PayloadPipeline`: with several chunks per batch (`concurrency`) a batch is opened on
/// every core while this thread writes the previous batch (already authenticated) and reads the next; `release`
/// applies the rules above to each batch in chunk order. Memory stays at about `chunksPerBatch × 256 KiB` and the
/// output is byte-identical to the sequential path.
package struct PayloadDecryptor {
    /// The key of every chunk.
    package let key: PayloadKey
    /// How many chunks a batch holds (one: each chunk in turn on the calling thread).
    package let concurrency: PayloadConcurrency

    /// A decryptor for the payload under `key`, one chunk at a time unless told otherwise.
    package init(key: PayloadKey, concurrency: PayloadConcurrency = .sequential) {
        self.key = key
        self.concurrency = concurrency
    }

    /// What opening one piece gave: plaintext bytes of a non-final or the final chunk, or a failure.
    enum ChunkOutcome: Sendable {
        case nonFinal(Int)
        case final(Int)
        case failed(AgeError)
    }

    /// Opens one piece of at most 64 KiB + 16 bytes as chunk `index`, trying the flag the piece's length implies.
    static func open(
        _ sealed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, key: PayloadKey, index: UInt64
    ) -> ChunkOutcome {
        if sealed.count < PayloadChunk.sealedByteCount {
            // A short piece can only be the final chunk; empty only when it is the sole chunk.
            if sealed.count == PayloadChunk.tagByteCount && index > 0 { return .failed(.emptyFinalChunk(chunk: index)) }
            guard sealed.count >= PayloadChunk.tagByteCount else {
                return .failed(.chunkAuthenticationFailed(chunk: index))
            }
            let out = UnsafeMutableRawBufferPointer(rebasing: output[..<(sealed.count - PayloadChunk.tagByteCount)])
            return PayloadChunk.open(sealed, into: out, key: key, counter: index, last: true)
                ? .final(out.count) : .failed(.chunkAuthenticationFailed(chunk: index))
        }
        let out = UnsafeMutableRawBufferPointer(rebasing: output[..<PayloadChunk.plaintextByteCount])
        if PayloadChunk.open(sealed, into: out, key: key, counter: index, last: false) { return .nonFinal(out.count) }
        if PayloadChunk.open(sealed, into: out, key: key, counter: index, last: true) { return .final(out.count) }
        return .failed(.chunkAuthenticationFailed(chunk: index))
    }

    package func decrypt(from source: BufferedSource, to sink: ByteSink) throws {
        let key = self.key
        let pipeline = PayloadPipeline<ChunkOutcome>(
            chunksPerBatch: concurrency.chunksPerBatch, inputChunkBytes: PayloadChunk.sealedByteCount,
            outputChunkBytes: PayloadChunk.plaintextByteCount, emptyInputIsOneChunk: false
        ) { sealed, slot, index, _ in
            PayloadDecryptor.open(sealed, into: slot, key: key, index: index)
        }
        try pipeline.run(from: source, to: sink, review: PayloadDecryptor.release)
    }

    /// The release rule over one batch's outcomes, in chunk order: every chunk before a failure, a final chunk
    /// before `trailingData`, a non-final chunk that ends the input before `truncated`, and nothing at all for a
    /// payload without a chunk (`truncated` too).
    static func release(_ outcomes: UnsafeBufferPointer<ChunkOutcome>, first: UInt64, endsInput: Bool)
        -> PayloadPipeline<ChunkOutcome>.Verdict
    {
        var ready = 0
        for (j, outcome) in outcomes.enumerated() {
            let endsPayload = endsInput && j == outcomes.count - 1
            switch outcome {
            case let .failed(error):
                return .end(releasing: ready, failure: error)
            case let .nonFinal(count):
                ready += count
                if endsPayload {
                    return .end(releasing: ready, failure: AgeError.truncated(chunksRead: first + UInt64(j) + 1))
                }
            case let .final(count):
                return .end(releasing: ready + count, failure: endsPayload ? nil : AgeError.trailingData)
            }
        }
        // Every chunk was non-final and more input follows, or the input ended where a chunk should start.
        return endsInput
            ? .end(releasing: ready, failure: AgeError.truncated(chunksRead: first + UInt64(outcomes.count)))
            : .next(releasing: ready)
    }
}
