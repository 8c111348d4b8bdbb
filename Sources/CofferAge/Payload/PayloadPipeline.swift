// SPDX-License-Identifier: MIT
import Dispatch

/// The one batch pipeline of the STREAM payload: `PayloadEncryptor` seals through it, `PayloadDecryptor` opens.
///
/// The input is read in batches of `chunksPerBatch` chunks of `inputChunkBytes`, each with one look-ahead byte so
/// the batch that ends the input is known when it is read (`LookAheadReader`). Every chunk of a batch is
/// transformed into its own `outputChunkBytes` slot, on every core when the batch holds several
/// (`DispatchQueue.concurrentPerform`); then `review` reads the outcomes in chunk order on the calling thread and
/// says how many output bytes go out and whether the payload ends there, and with which failure. With more than
/// one chunk per batch two batches are in flight: while the cores transform batch k, the calling thread writes
/// batch k − 1 (already reviewed) and reads batch k + 1. With one, each chunk is transformed on the calling thread.
///
/// Order is kept. Only bytes `review` released are written, batch k never before batch k − 1. Failures surface
/// in the order of the stream: a failed write of batch k − 1; then what `review` says of batch k (the bytes it
/// released are written first); only then a failed read of batch k + 1, which a failure in batch k hides.
///
/// Memory: two input and two output batches (one of each with one chunk per batch), zeroed before they are freed,
/// since one side of either direction is plaintext.
struct PayloadPipeline<Outcome: Sendable> {
    /// What `review` decides about one batch.
    enum Verdict {
        /// The payload goes on: the batch's first `releasing` output bytes go out, then the next batch.
        case next(releasing: Int)
        /// The payload ends with this batch: its first `releasing` output bytes go out, then `failure` is thrown.
        case end(releasing: Int, failure: (any Error)?)
    }

    /// Chunks per batch (at least one): the unit read, transformed on every core, and written.
    let chunksPerBatch: Int
    /// Bytes of input per chunk (the last chunk of the input may be shorter).
    let inputChunkBytes: Int
    /// Bytes of output room per chunk.
    let outputChunkBytes: Int
    /// Whether an empty input is one empty chunk (sealing: an empty plaintext is one empty final chunk) or none
    /// (opening: a payload without a chunk is for `review` to refuse).
    let emptyInputIsOneChunk: Bool
    /// Chunk `index` of `input` into its output slot; `endsInput`: no input follows this chunk. Runs on any thread.
    let transform:
        @Sendable (
            _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, _ index: UInt64,
            _ endsInput: Bool
        ) -> Outcome

    /// The chunks `filled` bytes of input make.
    func chunkCount(_ filled: Int) -> Int {
        let count = (filled + inputChunkBytes - 1) / inputChunkBytes
        return emptyInputIsOneChunk ? max(1, count) : count
    }

    /// Runs the pipeline from `source` to `sink`. `review` gets a batch's outcomes in chunk order, the index of
    /// its first chunk and whether the input ends with it; its verdict when the input ends must be `end`.
    func run(
        from source: ByteSource, to sink: ByteSink,
        review: (_ outcomes: UnsafeBufferPointer<Outcome>, _ firstChunk: UInt64, _ endsInput: Bool) -> Verdict
    ) throws {
        let batch = max(1, chunksPerBatch)
        let slots = batch > 1 ? 2 : 1
        let inStride = batch * inputChunkBytes + 1  // the look-ahead byte
        let outStride = batch * outputChunkBytes
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: slots * inStride, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: slots * outStride, alignment: 16)
        let outcomes = UnsafeMutableBufferPointer<Outcome>.allocate(capacity: slots * batch)
        let transforming = DispatchGroup()
        defer {
            transforming.wait()  // a write or read failed while a batch was being transformed: let it finish first
            input.initializeMemory(as: UInt8.self, repeating: 0)
            output.initializeMemory(as: UInt8.self, repeating: 0)
            input.deallocate()
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
        var first: UInt64 = 0
        var slot = 0
        var (filled, atEnd) = try reader.next(from: source, into: inSlot(0))
        // Output of the previous batch, reviewed: written while the cores transform the current one.
        var pending: UnsafeRawBufferPointer?
        while true {
            let chunks = chunkCount(filled)
            let results = UnsafeMutableBufferPointer(rebasing: outcomes[(slot * batch)..<(slot * batch + chunks)])
            let work = batchWork(
                input: inSlot(slot), filled: filled, output: outSlot(slot), results: results, first: first,
                atEnd: atEnd)
            var next: (filled: Int, atEnd: Bool)?
            var readFailure: (any Error)?
            if slots == 1 {
                work()
            } else {
                DispatchQueue.global().async(group: transforming, execute: work)
                do {
                    if let pending { try sink.write(pending) }
                } catch {
                    transforming.wait()
                    results.baseAddress?.deinitialize(count: chunks)
                    throw error
                }
                pending = nil
                if !atEnd {
                    do { next = try reader.next(from: source, into: inSlot(1 - slot)) } catch { readFailure = error }
                }
                transforming.wait()
            }
            let verdict = review(UnsafeBufferPointer(results), first, atEnd)
            results.baseAddress?.deinitialize(count: chunks)
            let produced = UnsafeRawBufferPointer(outSlot(slot))
            switch verdict {
            case let .end(count, failure):
                try sink.write(UnsafeRawBufferPointer(rebasing: produced[..<count]))
                if let failure { throw failure }
                return
            case let .next(count):
                let released = UnsafeRawBufferPointer(rebasing: produced[..<count])
                first += UInt64(chunks)
                if let readFailure {
                    try sink.write(released)
                    throw readFailure
                }
                if let next {
                    pending = released
                    (filled, atEnd) = next
                    slot = 1 - slot
                } else {
                    try sink.write(released)
                    (filled, atEnd) = try reader.next(from: source, into: inSlot(0))
                    slot = 0
                }
            }
        }
    }

    /// The work of one batch: each chunk into its slot and its outcome, on every core when there are several.
    private func batchWork(
        input: UnsafeMutableRawBufferPointer, filled: Int, output: UnsafeMutableRawBufferPointer,
        results: UnsafeMutableBufferPointer<Outcome>, first: UInt64, atEnd: Bool
    ) -> @Sendable () -> Void {
        let (transform, inChunk, outChunk, chunks) = (transform, inputChunkBytes, outputChunkBytes, results.count)
        nonisolated(unsafe) let (input, output, results) = (input, output, results)
        let one = { @Sendable (j: Int) in
            let start = j * inChunk
            let piece = UnsafeRawBufferPointer(rebasing: input[start..<min(start + inChunk, filled)])
            let slot = UnsafeMutableRawBufferPointer(rebasing: output[(j * outChunk)..<((j + 1) * outChunk)])
            (results.baseAddress! + j).initialize(
                to: transform(piece, slot, first + UInt64(j), atEnd && j == chunks - 1))
        }
        return {
            if chunks > 1 {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: one)
            } else if chunks == 1 {
                one(0)
            }
        }
    }
}
