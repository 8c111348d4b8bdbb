// SPDX-License-Identifier: MIT
import Dispatch
import Synchronization

/// Encrypts a regular file into a regular file with every core doing its own I/O: worker w reads chunk i (pread),
/// seals it and writes it at its place in the output (pwrite), for i = w, w + W, w + 2W, … The bytes are exactly
/// those of `PayloadEncryptor`; only the order in which chunks reach the output file differs.
///
/// Why: file → file, reading and writing through the page cache costs as much CPU as the cipher. In
/// `PayloadEncryptor` one thread does all the I/O while the others seal, so on a 2-core machine the I/O thread
/// bounds the run; here I/O and sealing spread over all cores, each worker holds one block of chunks, and threads
/// meet only once per round of blocks (BENCHMARKS.md).
///
/// What it shares with `PayloadPipeline`: the chunk transform (`PayloadEncryptor.sealChunk`) and the chunk
/// geometry. Not the pipeline itself, which exists to keep one ordered stream: one reader with a look-ahead byte
/// to find the final chunk, an in-order review, one writer. Here the length is fixed up front (so the final chunk
/// is known without look-ahead), sealing cannot fail (so there is nothing to review in order), and each worker
/// reads and writes its own blocks at their offsets: a single reading and writing thread is exactly the
/// bottleneck this type removes.
///
/// The plaintext length is fixed when encryption starts (the chunk count and which chunk is final depend on it).
/// A file that shrinks or grows meanwhile is reported (`AgeUsageError.inputChangedWhileReading`), never sealed
/// into an output that holds parts of two versions without saying so.
struct PositionalPayloadEncryptor {
    let key: PayloadKey
    let workers: Int
    /// Chunks a worker reads with one pread and writes with one pwrite: fewer, larger writes contend less for the
    /// output file's lock (the kernel serialises buffered writes to one file).
    static let chunksPerBlock = 8
    /// Blocks per round: workers meet after each round, to stop early when one of them failed.
    static let blocksPerRound = 32

    /// Seals `length` bytes of `source` from `sourceOffset` into `sink` from `sinkOffset`; returns the bytes written.
    func encrypt(
        from source: PositionalByteSource, at sourceOffset: UInt64, length: UInt64,
        to sink: PositionalByteSink, at sinkOffset: UInt64
    ) throws -> UInt64 {
        let plainChunk = UInt64(PayloadChunk.plaintextByteCount)
        let sealedChunk = UInt64(PayloadChunk.sealedByteCount)
        let chunkCount = max(1, (length + plainChunk - 1) / plainChunk)
        let perBlock = UInt64(Self.chunksPerBlock)
        let blockCount = (chunkCount + perBlock - 1) / perBlock
        let workers = max(1, min(self.workers, Int(min(blockCount, UInt64(Int.max)))))
        let plainBytes = Self.chunksPerBlock * PayloadChunk.plaintextByteCount
        let stride = plainBytes + Self.chunksPerBlock * PayloadChunk.sealedByteCount
        let allocation = UnsafeMutableRawBufferPointer.allocate(byteCount: workers * stride, alignment: 16)
        defer {
            allocation.initializeMemory(as: UInt8.self, repeating: 0)  // plaintext must not outlive the call
            allocation.deallocate()
        }
        let failure = FirstFailure()
        nonisolated(unsafe) let (buffers, source, sink) = (allocation, source, sink)
        let key = self.key
        var roundStart: UInt64 = 0
        while roundStart < blockCount {
            let roundEnd = min(blockCount, roundStart + UInt64(Self.blocksPerRound))
            let first = roundStart
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let plain = UnsafeMutableRawBufferPointer(rebasing: buffers[(w * stride)..<(w * stride + plainBytes)])
                let sealed = UnsafeMutableRawBufferPointer(
                    rebasing: buffers[(w * stride + plainBytes)..<((w + 1) * stride)])
                var block = first + UInt64(w)
                while block < roundEnd && !failure.isSet {
                    let firstChunk = block * perBlock
                    let chunks = min(perBlock, chunkCount - firstChunk)
                    let start = firstChunk * plainChunk
                    let count = Int(min(chunks * plainChunk, length - min(length, start)))
                    do {
                        let got = try source.read(
                            at: sourceOffset + start, into: UnsafeMutableRawBufferPointer(rebasing: plain[..<count]))
                        guard got == count else {
                            throw AgeUsageError.inputChangedWhileReading(
                                expectedBytes: sourceOffset + length, foundBytes: sourceOffset + start + UInt64(got))
                        }
                        var produced = 0
                        for j in 0..<Int(chunks) {
                            let from = j * PayloadChunk.plaintextByteCount
                            let index = firstChunk + UInt64(j)
                            produced += PayloadEncryptor.sealChunk(
                                UnsafeRawBufferPointer(
                                    rebasing: plain[from..<min(from + PayloadChunk.plaintextByteCount, count)]),
                                into: UnsafeMutableRawBufferPointer(rebasing: sealed[produced...]), key: key,
                                index: index, last: index == chunkCount - 1)
                        }
                        try sink.write(
                            UnsafeRawBufferPointer(rebasing: sealed[..<produced]),
                            at: sinkOffset + firstChunk * sealedChunk)
                    } catch {
                        failure.set(error)
                    }
                    block += UInt64(workers)
                }
            }
            if let error = failure.error { throw error }
            roundStart = roundEnd
        }
        let size = try source.size()
        guard size == sourceOffset + length else {
            throw AgeUsageError.inputChangedWhileReading(expectedBytes: sourceOffset + length, foundBytes: size)
        }
        return length + 16 * chunkCount
    }
}

/// The first error any worker hit; later ones are dropped (they are usually the same I/O failure).
private final class FirstFailure: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    var isSet: Bool { first.withLock { $0 != nil } }
    var error: (any Error)? { first.withLock { $0 } }

    func set(_ error: any Error) {
        first.withLock { if $0 == nil { $0 = error } }
    }
}
