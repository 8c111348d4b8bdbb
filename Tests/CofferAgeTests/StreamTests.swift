// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Testing

@Suite("STREAM payload")
struct StreamTests {
    static let sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 65536 + 17, 10 * 65536 + 1]

    @Test("encrypt → decrypt round-trips; chunk count and size follow the STREAM rules", arguments: sizes)
    func roundTrip(size: Int) throws {
        let plaintext = Support.bytes(size)
        let file = try Support.encrypt(plaintext)
        #expect(try Support.decrypt(file) == plaintext)
        let source = BufferedSource(MemorySource(file))
        _ = try HeaderParser.parse(from: source)
        let payloadLength = file.count - Int(source.consumed) - 16
        let chunks = max(1, (size + 65535) / 65536)
        #expect(payloadLength == size + 16 * chunks)
    }

    @Test("armored files round-trip and use 64-column lines", arguments: sizes)
    func armored(size: Int) throws {
        let plaintext = Support.bytes(size)
        let file = try Support.encrypt(plaintext, armored: true)
        let lines = String(decoding: file, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
        #expect(lines.last == "-----END AGE ENCRYPTED FILE-----")
        #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 64 })
        #expect(try Support.decrypt(file) == plaintext)
    }

    @Test(
        "parallel encryption and decryption are byte-identical to sequential", arguments: [0, 1, 65536, 20 * 65536 + 5])
    func parallelMatchesSequential(size: Int) throws {
        let plaintext = Support.bytes(size)
        let fileKey = FileKey.generate()
        let nonce = Support.bytes(16, seed: 7)
        var outputs: [[UInt8]] = []
        for chunksPerBatch in [1, 3, 8] {
            let sink = MemorySink()
            try AgeEncryptor(recipients: [Support.identity.recipient], concurrency: .batches(of: chunksPerBatch))
                .encrypt(from: MemorySource(plaintext), to: sink, fileKey: fileKey, stanzas: [], nonce: nonce)
            outputs.append(sink.bytes)
            let decrypted = MemorySink()
            let key = PayloadKey(fileKey: fileKey, nonce: nonce)
            try PayloadDecryptor(key: key, concurrency: .batches(of: chunksPerBatch))
                .decrypt(from: BufferedSource(MemorySource(try Support.split(sink.bytes).payload)), to: decrypted)
            #expect(decrypted.bytes == plaintext)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    @Test("an empty plaintext is one empty final chunk")
    func emptyPlaintext() throws {
        let fileKey = FileKey.generate()
        let nonce = [UInt8](repeating: 0, count: 16)
        let sink = MemorySink()
        try PayloadEncryptor(key: PayloadKey(fileKey: fileKey, nonce: nonce))
            .encrypt(from: BufferedSource(MemorySource([])), to: sink)
        #expect(sink.bytes.count == 16)
    }
}
