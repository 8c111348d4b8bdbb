// SPDX-License-Identifier: MIT
// The parallel file → file path is found through the streams' own `positional` answer (the package protocols
// PositionalByteSource/PositionalByteSink), not by guessing from a concrete type: a file offers itself, anything
// else (and a wrapper that does not forward) is read and written in order.
import CofferAge
import Foundation
import Testing

@Suite("Positional access is offered, never guessed")
struct PositionalAccessTests {
    /// A sink wrapper counting both kinds of writes; it offers positional writes only when told to.
    final class CountingSink: PositionalByteSink {
        let base: FileSink
        let forwardsPositional: Bool
        var sequentialWrites = 0
        var positionalWrites = 0

        init(_ base: FileSink, forwardsPositional: Bool) {
            self.base = base
            self.forwardsPositional = forwardsPositional
        }

        var positional: (any PositionalByteSink)? { forwardsPositional ? self : nil }
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            sequentialWrites += 1
            try base.write(bytes)
        }
        func positionalOffset() -> UInt64? { base.positionalOffset() }
        func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
            positionalWrites += 1
            try base.write(bytes, at: offset)
        }
        func seek(to offset: UInt64) throws { try base.seek(to: offset) }
    }

    @Test("files offer themselves; memory streams and buffered sources do not")
    func whoOffers() throws {
        let scratch = PositionalEncryptionTests.Scratch()
        #expect(FileManager.default.createFile(atPath: scratch.path("f"), contents: Data([1, 2, 3])))
        let file = try FileSource(path: scratch.path("f"))
        let sink = FileSink(handle: try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("f"))))
        #expect(file.positional === file)
        #expect(sink.positional === sink)
        #expect(MemorySource([1]).positional == nil)
        #expect(MemorySink().positional == nil)
        #expect(BufferedSource(file).positional == nil)
    }

    /// The same file → file encryption through a wrapper that forwards positional access and one that does not:
    /// the first takes the positional path, the second the pipelined one, and both give the sequential bytes.
    @Test("a wrapper decides whether the parallel path applies", arguments: [true, false])
    func wrapperDecides(forwards: Bool) throws {
        let scratch = PositionalEncryptionTests.Scratch()
        let plaintext = Support.bytes(20 * PositionalEncryptionTests.chunk + 3, seed: 21)
        #expect(FileManager.default.createFile(atPath: scratch.path("in"), contents: Data(plaintext)))
        #expect(FileManager.default.createFile(atPath: scratch.path("out"), contents: nil))
        let expected = MemorySink()
        try PositionalEncryptionTests.deterministicEncrypt(MemorySource(plaintext), expected, chunksPerBatch: 1)

        let out = FileSink(handle: try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("out"))))
        let sink = CountingSink(out, forwardsPositional: forwards)
        try PositionalEncryptionTests.deterministicEncrypt(
            try FileSource(path: scratch.path("in")), sink, chunksPerBatch: 4)
        #expect((sink.positionalWrites > 0) == forwards)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.path("out"))))
        #expect(PositionalEncryptionTests.same(written, expected.bytes))
    }
}
