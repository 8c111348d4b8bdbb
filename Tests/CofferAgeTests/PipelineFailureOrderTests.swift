// SPDX-License-Identifier: MIT
// PayloadPipeline surfaces failures in the order of the stream: while batch k is sealed or opened, batch k + 1 is
// read; a read failure there comes after batch k's own verdict (its released bytes written, its failed chunk
// reported), never instead of it.
import CofferAge
import Testing

@Suite("Payload pipeline: failures in stream order")
struct PipelineFailureOrderTests {
    struct ReadFailure: Error, Equatable {}

    /// Yields the first `limit` bytes of `bytes`, then throws `ReadFailure` on every read.
    final class FailingSource: ByteSource {
        let bytes: [UInt8]
        let limit: Int
        var position = 0

        init(_ bytes: [UInt8], failingAfter limit: Int) {
            self.bytes = bytes
            self.limit = limit
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard position < limit else { throw ReadFailure() }
            let n = min(buffer.count, limit - position)
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
            position += n
            return n
        }
    }

    static let key = PayloadKey(fileKey: FileKey.generate(), nonce: Support.bytes(16, seed: 11))
    static let plaintext = Support.bytes(7 * PayloadChunk.plaintextByteCount + 5, seed: 12)

    static func sealed() throws -> [UInt8] {
        let sink = MemorySink()
        try PayloadEncryptor(key: key).encrypt(from: BufferedSource(MemorySource(plaintext)), to: sink)
        return sink.bytes
    }

    /// The source fails right after the first batch and its look-ahead byte, so the read of batch 1 fails while
    /// batch 0 is being opened.
    @Test("a read failure after an authentic batch: the batch is released, then the read error", arguments: [2, 3])
    func readFailureAfterGoodBatch(chunksPerBatch: Int) throws {
        let payload = try Self.sealed()
        let released = MemorySink()
        #expect(throws: ReadFailure()) {
            try PayloadDecryptor(key: Self.key, concurrency: .batches(of: chunksPerBatch)).decrypt(
                from: BufferedSource(
                    FailingSource(payload, failingAfter: chunksPerBatch * PayloadChunk.sealedByteCount + 1)),
                to: released)
        }
        #expect(released.bytes == Array(Self.plaintext.prefix(chunksPerBatch * PayloadChunk.plaintextByteCount)))
    }

    @Test("a read failure after a tampered chunk: the chunk's failure, not the read error", arguments: [2, 3])
    func tamperedChunkBeforeReadFailure(chunksPerBatch: Int) throws {
        var payload = try Self.sealed()
        payload[PayloadChunk.sealedByteCount + 9] ^= 0x01  // chunk 1, inside batch 0
        let released = MemorySink()
        #expect(throws: AgeError.chunkAuthenticationFailed(chunk: 1)) {
            try PayloadDecryptor(key: Self.key, concurrency: .batches(of: chunksPerBatch)).decrypt(
                from: BufferedSource(
                    FailingSource(payload, failingAfter: chunksPerBatch * PayloadChunk.sealedByteCount + 1)),
                to: released)
        }
        #expect(released.bytes == Array(Self.plaintext.prefix(PayloadChunk.plaintextByteCount)))
    }

    @Test("encryption: the sealed batch is written before the read error", arguments: [2, 3])
    func encryptReadFailure(chunksPerBatch: Int) throws {
        let expected = try Self.sealed()
        let written = MemorySink()
        #expect(throws: ReadFailure()) {
            try PayloadEncryptor(key: Self.key, concurrency: .batches(of: chunksPerBatch)).encrypt(
                from: BufferedSource(
                    FailingSource(Self.plaintext, failingAfter: chunksPerBatch * PayloadChunk.plaintextByteCount + 1)),
                to: written)
        }
        #expect(written.bytes == Array(expected.prefix(chunksPerBatch * PayloadChunk.sealedByteCount)))
    }
}
