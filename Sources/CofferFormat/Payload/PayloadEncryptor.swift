// SPDX-License-Identifier: MIT
import Dispatch

/// Encrypts plaintext into a STREAM payload (without the nonce) in constant memory.
///
/// `chunkᵢ = ChaCha20-Poly1305(payloadKey, i ‖ last, plaintext[64 KiB·i ..< 64 KiB·(i+1)])`. The final chunk is the
/// one after which the input ends: it may be full, and it is empty only for an empty plaintext (one empty chunk).
/// With several chunks per batch (`concurrency`) a batch is sealed concurrently, and the work is pipelined: while
/// the cores seal batch k, this thread writes batch k − 1 and reads batch k + 1, so file I/O overlaps the cipher
/// instead of alternating with it (two input and two output batches in memory). The bytes are identical to the
/// sequential path.
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

    package func encrypt(from source: BufferedSource, to sink: ByteSink) throws {
        let batch = concurrency.chunksPerBatch
        let slots = batch > 1 ? 2 : 1
        // One byte more than the batch: the look-ahead byte (see LookAheadReader).
        let inStride = batch * PayloadChunk.plaintextByteCount + 1
        let outStride = batch * PayloadChunk.sealedByteCount
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: slots * inStride, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: slots * outStride, alignment: 16)
        let sealing = DispatchGroup()
        defer {
            sealing.wait()  // a read or write failed while a batch was being sealed: let it finish first
            input.initializeMemory(as: UInt8.self, repeating: 0)
            input.deallocate()
            output.deallocate()
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
        var pending: UnsafeRawBufferPointer?
        while true {
            let pieces = max(1, (filled + PayloadChunk.plaintextByteCount - 1) / PayloadChunk.plaintextByteCount)
            let seal = sealBatch(
                plain: inSlot(slot), sealed: outSlot(slot), filled: filled, pieces: pieces,
                first: index, atEnd: atEnd)
            let produced = UnsafeRawBufferPointer(
                rebasing: outSlot(slot)[..<(filled + pieces * PayloadChunk.tagByteCount)])
            index += UInt64(pieces)
            guard slots == 2 else {
                seal()
                try sink.write(produced)
                if atEnd { return }
                (filled, atEnd) = try reader.next(from: source, into: inSlot(0))
                continue
            }
            DispatchQueue.global().async(group: sealing, execute: seal)
            if let pending { try sink.write(pending) }
            let next = atEnd ? nil : try reader.next(from: source, into: inSlot(1 - slot))
            sealing.wait()
            guard let next else {
                try sink.write(produced)
                return
            }
            pending = produced
            (filled, atEnd) = next
            slot = 1 - slot
        }
    }

    /// The work of sealing one batch: its chunks concurrently when there are several.
    private func sealBatch(
        plain: UnsafeMutableRawBufferPointer, sealed: UnsafeMutableRawBufferPointer, filled: Int, pieces: Int,
        first: UInt64, atEnd: Bool
    ) -> @Sendable () -> Void {
        let key = self.key
        nonisolated(unsafe) let (plain, sealed) = (plain, sealed)
        let work = { @Sendable (j: Int) in
            let start = j * PayloadChunk.plaintextByteCount
            let piece = UnsafeRawBufferPointer(
                rebasing: plain[start..<min(start + PayloadChunk.plaintextByteCount, filled)])
            let outStart = j * PayloadChunk.sealedByteCount
            let target = UnsafeMutableRawBufferPointer(rebasing: sealed[outStart..<outStart + piece.count + 16])
            PayloadChunk.seal(piece, into: target, key: key, counter: first + UInt64(j), last: atEnd && j == pieces - 1)
        }
        return { if pieces > 1 { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) } else { work(0) } }
    }
}
