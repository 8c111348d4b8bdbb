// SPDX-License-Identifier: MIT
import Dispatch

/// Encrypts plaintext into a STREAM payload (without the nonce) in constant memory.
///
/// `chunkᵢ = ChaCha20-Poly1305(payloadKey, i ‖ last, plaintext[64 KiB·i ..< 64 KiB·(i+1)])`. The final chunk is the
/// one after which the input ends: it may be full, and it is empty only for an empty plaintext (one empty chunk).
/// With `parallelism` > 1 a batch of chunks is sealed concurrently; the bytes are identical to the sequential path.
public struct PayloadEncryptor {
    public let key: PayloadKey
    public let parallelism: Int

    public init(key: PayloadKey, parallelism: Int = 1) {
        self.key = key
        self.parallelism = max(1, parallelism)
    }

    public func encrypt(from source: BufferedSource, to sink: ByteSink) throws {
        let batch = parallelism
        // One byte more than the batch: the look-ahead byte (see LookAheadReader).
        let input = UnsafeMutableRawBufferPointer.allocate(
            byteCount: batch * PayloadChunk.plaintextByteCount + 1, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(
            byteCount: batch * PayloadChunk.sealedByteCount, alignment: 16)
        defer {
            input.initializeMemory(as: UInt8.self, repeating: 0)
            input.deallocate()
            output.deallocate()
        }
        var index: UInt64 = 0
        var reader = LookAheadReader()
        while true {
            let (filled, atEnd) = try reader.next(from: source, into: input)
            let pieces = max(1, (filled + PayloadChunk.plaintextByteCount - 1) / PayloadChunk.plaintextByteCount)
            let first = index
            let key = self.key
            nonisolated(unsafe) let (plain, sealed) = (input, output)
            let work = { @Sendable (j: Int) in
                let start = j * PayloadChunk.plaintextByteCount
                let piece = UnsafeRawBufferPointer(
                    rebasing: plain[start..<min(start + PayloadChunk.plaintextByteCount, filled)])
                let outStart = j * PayloadChunk.sealedByteCount
                let target = UnsafeMutableRawBufferPointer(rebasing: sealed[outStart..<outStart + piece.count + 16])
                PayloadChunk.seal(
                    piece, into: target, key: key, counter: first + UInt64(j), last: atEnd && j == pieces - 1)
            }
            if pieces > 1 { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) } else { work(0) }
            try sink.write(UnsafeRawBufferPointer(rebasing: output[..<(filled + pieces * PayloadChunk.tagByteCount)]))
            index += UInt64(pieces)
            if atEnd { return }
        }
    }
}
