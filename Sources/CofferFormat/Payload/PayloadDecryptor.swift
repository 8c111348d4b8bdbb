// SPDX-License-Identifier: MIT
import Dispatch

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
/// With `parallelism` > 1, batches of that many chunks are opened concurrently (`DispatchQueue.concurrentPerform`);
/// memory stays at about `parallelism × 128 KiB` and the output is byte-identical to the sequential path.
public struct PayloadDecryptor {
    public let key: PayloadKey
    public let parallelism: Int

    public init(key: PayloadKey, parallelism: Int = 1) {
        self.key = key
        self.parallelism = max(1, parallelism)
    }

    enum ChunkOutcome {
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

    public func decrypt(from source: BufferedSource, to sink: ByteSink) throws {
        let batch = parallelism
        // One byte more than the batch: the look-ahead byte (see LookAheadReader).
        let input = UnsafeMutableRawBufferPointer.allocate(
            byteCount: batch * PayloadChunk.sealedByteCount + 1, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(
            byteCount: batch * PayloadChunk.plaintextByteCount, alignment: 16)
        let outcomes = UnsafeMutableBufferPointer<ChunkOutcome>.allocate(capacity: batch)
        defer {
            input.deallocate()
            output.initializeMemory(as: UInt8.self, repeating: 0)
            output.deallocate()
            outcomes.deallocate()
        }
        var index: UInt64 = 0
        var reader = LookAheadReader()
        while true {
            let (filled, atEnd) = try reader.next(from: source, into: input)
            guard filled > 0 else { throw AgeError.truncated(chunksRead: index) }
            let pieces = (filled + PayloadChunk.sealedByteCount - 1) / PayloadChunk.sealedByteCount
            let first = index
            let key = self.key
            nonisolated(unsafe) let (sealed, plain, results) = (input, output, outcomes)
            let work = { @Sendable (j: Int) in
                let start = j * PayloadChunk.sealedByteCount
                let piece = UnsafeRawBufferPointer(
                    rebasing: sealed[start..<min(start + PayloadChunk.sealedByteCount, filled)])
                let target = UnsafeMutableRawBufferPointer(
                    rebasing: plain[(j * PayloadChunk.plaintextByteCount)..<((j + 1) * PayloadChunk.plaintextByteCount)]
                )
                (results.baseAddress! + j).initialize(
                    to: PayloadDecryptor.open(piece, into: target, key: key, index: first + UInt64(j)))
            }
            if pieces > 1 { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) } else { work(0) }
            defer { outcomes.baseAddress!.deinitialize(count: pieces) }
            for j in 0..<pieces {
                let isLastPiece = atEnd && j == pieces - 1
                let start = j * PayloadChunk.plaintextByteCount
                switch outcomes[j] {
                case let .failed(error):
                    throw error
                case let .nonFinal(count):
                    try sink.write(UnsafeRawBufferPointer(rebasing: output[start..<start + count]))
                    if isLastPiece { throw AgeError.truncated(chunksRead: index + 1) }
                case let .final(count):
                    try sink.write(UnsafeRawBufferPointer(rebasing: output[start..<start + count]))
                    if !isLastPiece { throw AgeError.trailingData }
                    return
                }
                index += 1
            }
        }
    }
}
