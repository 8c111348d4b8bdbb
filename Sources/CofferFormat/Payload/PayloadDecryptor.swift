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
/// With several chunks per batch (`concurrency`), each batch is opened concurrently
/// (`DispatchQueue.concurrentPerform`), pipelined: while batch k is opened, this thread writes batch k − 1 (already
/// authenticated) and reads batch k + 1.
/// Memory stays at about `chunksPerBatch × 256 KiB` and the output is byte-identical to the sequential path.
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

    package func decrypt(from source: BufferedSource, to sink: ByteSink) throws {
        let batch = concurrency.chunksPerBatch
        let slots = batch > 1 ? 2 : 1
        // One byte more than the batch: the look-ahead byte (see LookAheadReader).
        let inStride = batch * PayloadChunk.sealedByteCount + 1
        let outStride = batch * PayloadChunk.plaintextByteCount
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: slots * inStride, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: slots * outStride, alignment: 16)
        let outcomes = UnsafeMutableBufferPointer<ChunkOutcome>.allocate(capacity: slots * batch)
        let opening = DispatchGroup()
        defer {
            opening.wait()
            input.deallocate()
            output.initializeMemory(as: UInt8.self, repeating: 0)
            output.deallocate()
            outcomes.deallocate()
        }
        func inSlot(_ s: Int) -> UnsafeMutableRawBufferPointer {
            .init(rebasing: input[(s * inStride)..<((s + 1) * inStride)])
        }
        func outSlot(_ s: Int) -> UnsafeMutableRawBufferPointer {
            .init(rebasing: output[(s * outStride)..<((s + 1) * outStride)])
        }
        var reader = LookAheadReader()
        var index: UInt64 = 0
        var slot = 0
        var (filled, atEnd) = try reader.next(from: source, into: inSlot(0))
        // Plaintext of the previous batch: all of it authenticated, written while the next batch is being opened.
        var pending: UnsafeRawBufferPointer?
        while true {
            guard filled > 0 else {
                if let pending { try sink.write(pending) }
                throw AgeError.truncated(chunksRead: index)
            }
            let pieces = (filled + PayloadChunk.sealedByteCount - 1) / PayloadChunk.sealedByteCount
            let results = UnsafeMutableBufferPointer(rebasing: outcomes[(slot * batch)..<(slot * batch + pieces)])
            let open = openBatch(
                sealed: inSlot(slot), plain: outSlot(slot), results: results, filled: filled, first: index)
            var next: (filled: Int, atEnd: Bool)?
            if slots == 1 {
                open()
            } else {
                DispatchQueue.global().async(group: opening, execute: open)
                do {
                    if let pending { try sink.write(pending) }
                    pending = nil
                    if !atEnd { next = try reader.next(from: source, into: inSlot(1 - slot)) }
                } catch {
                    opening.wait()
                    results.baseAddress!.deinitialize(count: pieces)
                    throw error
                }
                opening.wait()
            }
            defer { results.baseAddress!.deinitialize(count: pieces) }
            // Release in order: every chunk before a failure, and a final chunk before `trailingData`.
            let plain = outSlot(slot)
            var ready = 0
            for j in 0..<pieces {
                let isLastPiece = atEnd && j == pieces - 1
                switch results[j] {
                case let .failed(error):
                    try sink.write(UnsafeRawBufferPointer(rebasing: plain[..<ready]))
                    throw error
                case let .nonFinal(count):
                    ready += count
                    if isLastPiece {
                        try sink.write(UnsafeRawBufferPointer(rebasing: plain[..<ready]))
                        throw AgeError.truncated(chunksRead: index + 1)
                    }
                case let .final(count):
                    try sink.write(UnsafeRawBufferPointer(rebasing: plain[..<(ready + count)]))
                    if !isLastPiece { throw AgeError.trailingData }
                    return
                }
                index += 1
            }
            if let next {
                pending = UnsafeRawBufferPointer(rebasing: plain[..<ready])
                (filled, atEnd) = next
                slot = 1 - slot
            } else {
                try sink.write(UnsafeRawBufferPointer(rebasing: plain[..<ready]))
                (filled, atEnd) = try reader.next(from: source, into: inSlot(0))
            }
        }
    }

    /// The work of opening one batch: each piece into its outcome, concurrently when there are several.
    private func openBatch(
        sealed: UnsafeMutableRawBufferPointer, plain: UnsafeMutableRawBufferPointer,
        results: UnsafeMutableBufferPointer<ChunkOutcome>, filled: Int, first: UInt64
    ) -> @Sendable () -> Void {
        let key = self.key
        let pieces = results.count
        nonisolated(unsafe) let (sealed, plain, results) = (sealed, plain, results)
        let work = { @Sendable (j: Int) in
            let start = j * PayloadChunk.sealedByteCount
            let piece = UnsafeRawBufferPointer(
                rebasing: sealed[start..<min(start + PayloadChunk.sealedByteCount, filled)])
            let target = UnsafeMutableRawBufferPointer(
                rebasing: plain[(j * PayloadChunk.plaintextByteCount)..<((j + 1) * PayloadChunk.plaintextByteCount)])
            (results.baseAddress! + j).initialize(
                to: PayloadDecryptor.open(piece, into: target, key: key, index: first + UInt64(j)))
        }
        return { if pieces > 1 { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) } else { work(0) } }
    }
}
