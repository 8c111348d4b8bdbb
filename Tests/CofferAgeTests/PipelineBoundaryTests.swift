// SPDX-License-Identifier: MIT
// The pipelined PayloadEncryptor (two batches in flight) around every batch boundary.
import CofferAge
import Testing

@Suite("Pipelined STREAM encryption at batch boundaries")
struct PipelineBoundaryTests {
    /// Sizes at, just under and just over one, two and three whole batches of `chunksPerBatch` chunks.
    static let cases: [(chunksPerBatch: Int, size: Int)] = [2, 3].flatMap { chunksPerBatch in
        [1, 2, 3].flatMap { batches in
            [-1, 0, 1].map { (chunksPerBatch, batches * chunksPerBatch * PayloadChunk.plaintextByteCount + $0) }
        }
    }

    @Test("byte-identical to sequential encryption, and decrypts", arguments: 0..<cases.count)
    func boundary(index: Int) throws {
        let (chunksPerBatch, size) = PipelineBoundaryTests.cases[index]
        let plaintext = Support.bytes(size)
        let key = PayloadKey(fileKey: FileKey.generate(), nonce: Support.bytes(16, seed: 3))
        var sealed: [[UInt8]] = []
        for p in [1, chunksPerBatch] {
            let sink = MemorySink()
            try PayloadEncryptor(key: key, concurrency: .batches(of: p)).encrypt(
                from: BufferedSource(MemorySource(plaintext)), to: sink)
            sealed.append(sink.bytes)
        }
        #expect(sealed[0] == sealed[1], "\(chunksPerBatch) per batch, \(size) bytes")
        let opened = MemorySink()
        try PayloadDecryptor(key: key, concurrency: .batches(of: chunksPerBatch)).decrypt(
            from: BufferedSource(MemorySource(sealed[1])), to: opened)
        #expect(opened.bytes == plaintext)
    }

    /// A bit flipped in chunk `bad` of a 7-chunk payload: the pipelined decryptor must release exactly what the
    /// sequential one releases (chunks 0..<bad) and fail with the same error.
    @Test("tampered chunk: same released prefix and error as sequential", arguments: [0, 1, 2, 3, 4, 6])
    func tampered(bad: Int) throws {
        let plaintext = Support.bytes(6 * PayloadChunk.plaintextByteCount + 100)
        let key = PayloadKey(fileKey: FileKey.generate(), nonce: Support.bytes(16, seed: 5))
        let sink = MemorySink()
        try PayloadEncryptor(key: key, concurrency: .batches(of: 3))
            .encrypt(from: BufferedSource(MemorySource(plaintext)), to: sink)
        var payload = sink.bytes
        payload[bad * PayloadChunk.sealedByteCount + 7] ^= 0x20
        for chunksPerBatch in [1, 2, 3] {
            let released = MemorySink()
            #expect(throws: AgeError.chunkAuthenticationFailed(chunk: UInt64(bad)), "\(chunksPerBatch) per batch") {
                try PayloadDecryptor(key: key, concurrency: .batches(of: chunksPerBatch)).decrypt(
                    from: BufferedSource(MemorySource(payload)), to: released)
            }
            #expect(released.bytes == Array(plaintext.prefix(bad * PayloadChunk.plaintextByteCount)))
        }
    }
}
