// SPDX-License-Identifier: MIT
// File → file encryption where every core reads, seals and writes its own chunks (PositionalByteSource,
// PositionalByteSink, PositionalPayloadEncryptor). The bytes must be exactly those of sequential encryption.
import CofferAge
import Foundation
import Testing

@Suite("Positional (parallel file → file) encryption")
struct PositionalEncryptionTests {
    static let chunk = PayloadChunk.plaintextByteCount
    /// Empty, one byte, around one chunk, around one block of 8 chunks, and past one round (256 chunks = 16 MiB).
    static let sizes = [
        0, 1, chunk - 1, chunk, chunk + 1, 8 * chunk - 1, 8 * chunk, 8 * chunk + 1, 17 * chunk + 5, 256 * chunk + 1,
    ]

    /// A scratch directory removed when the test ends.
    final class Scratch {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-pos-\(UUID().uuidString)")
        init() { try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    }

    /// One file key and one set of stanzas (an X25519 wrap is randomised), so that two encryptions are comparable.
    static let fileKey = try! FileKey(secret: .init(Support.bytes(16, seed: 11)))
    static let stanzas = try! Support.identity.recipient.wrap(fileKey)

    static func deterministicEncrypt(_ source: ByteSource, _ sink: ByteSink, chunksPerBatch: Int) throws {
        let encryptor = try AgeEncryptor(
            recipients: [Support.identity.recipient], concurrency: .batches(of: chunksPerBatch))
        try encryptor.encrypt(
            from: source, to: sink, fileKey: fileKey, stanzas: stanzas, nonce: Support.bytes(16, seed: 12))
    }

    /// Compared as a Bool: a failing `#expect` on two multi-MiB arrays would print every byte.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b }

    /// Sequential (memory → memory, one thread) and positional (file → file, all cores) encryption of the same
    /// plaintext under the same key and nonce give the same bytes, and the result decrypts.
    @Test(arguments: sizes)
    func sameBytesAsSequential(size: Int) throws {
        let scratch = Scratch()
        let plaintext = Support.bytes(size, seed: UInt64(size) + 1)
        #expect(FileManager.default.createFile(atPath: scratch.path("in"), contents: Data(plaintext)))
        #expect(FileManager.default.createFile(atPath: scratch.path("out"), contents: nil))
        let expected = MemorySink()
        try Self.deterministicEncrypt(MemorySource(plaintext), expected, chunksPerBatch: 1)

        let source = try FileSource(path: scratch.path("in"))
        let sink = FileSink(handle: try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("out"))))
        #expect(source.positionalRemainder() != nil && sink.positionalOffset() == 0, "the fast path must apply")
        try Self.deterministicEncrypt(source, sink, chunksPerBatch: 8)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.path("out"))))
        #expect(Self.same(written, expected.bytes), "\(size) bytes: positional output differs from sequential")
        #expect(Self.same(try Support.decrypt(written), plaintext))
        // Both positions end where sequential I/O would have left them.
        #expect(source.positionalRemainder()?.length == 0)
        #expect(sink.positionalOffset() == UInt64(expected.bytes.count))
    }

    /// The input's sequential position and the output's are honoured: bytes already read are not encrypted, bytes
    /// already written are kept, and a later sequential write lands after the ciphertext.
    @Test func startsWhereTheDescriptorsStand() throws {
        let scratch = Scratch()
        let plaintext = Support.bytes(3 * Self.chunk + 7)
        #expect(FileManager.default.createFile(atPath: scratch.path("in"), contents: Data([9, 9, 9] + plaintext)))
        #expect(FileManager.default.createFile(atPath: scratch.path("out"), contents: nil))
        let inHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: scratch.path("in")))
        try inHandle.seek(toOffset: 3)
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("out")))
        let sink = FileSink(handle: outHandle)
        try sink.write(Array("prefix".utf8))
        try Self.deterministicEncrypt(FileSource(handle: inHandle), sink, chunksPerBatch: 4)
        try sink.write(Array("suffix".utf8))
        let expected = MemorySink()
        try Self.deterministicEncrypt(MemorySource(plaintext), expected, chunksPerBatch: 1)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.path("out"))))
        #expect(Self.same(written, Array("prefix".utf8) + expected.bytes + Array("suffix".utf8)))
    }

    /// An output opened for appending cannot take positional writes (Linux pwrite appends there): the sequential
    /// path runs instead and the bytes are the same.
    @Test func appendModeOutputFallsBackToSequential() throws {
        let scratch = Scratch()
        let plaintext = Support.bytes(5 * Self.chunk + 3)
        #expect(FileManager.default.createFile(atPath: scratch.path("in"), contents: Data(plaintext)))
        #expect(FileManager.default.createFile(atPath: scratch.path("out"), contents: Data("old".utf8)))
        let fd = open(scratch.path("out"), O_WRONLY | O_APPEND)
        #expect(fd >= 0)
        let sink = FileSink(handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true))
        #expect(sink.positionalOffset() == nil)
        try Self.deterministicEncrypt(try FileSource(path: scratch.path("in")), sink, chunksPerBatch: 4)
        let expected = MemorySink()
        try Self.deterministicEncrypt(MemorySource(plaintext), expected, chunksPerBatch: 1)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.path("out"))))
        #expect(Self.same(written, Array("old".utf8) + expected.bytes))
    }

    /// A pipe is not positional: the sequential path reads it.
    @Test func pipeInputIsReadSequentially() throws {
        let pipe = Pipe()
        let source = FileSource(handle: pipe.fileHandleForReading)
        #expect(source.positionalRemainder() == nil)
    }

    /// A source that ends early (a file truncated while it was being encrypted) or whose size changed is reported
    /// as `inputChangedWhileReading`, not sealed into a payload that claims to be complete.
    @Test(arguments: [ChangingSource.Change.shrinks, .grows])
    func inputThatChangesIsReported(change: ChangingSource.Change) throws {
        let scratch = Scratch()
        #expect(FileManager.default.createFile(atPath: scratch.path("out"), contents: nil))
        let sink = FileSink(handle: try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("out"))))
        let source = ChangingSource(bytes: Support.bytes(20 * Self.chunk), change: change)
        #expect(throws: AgeUsageError.self) { try Self.deterministicEncrypt(source, sink, chunksPerBatch: 4) }
        do {
            try Self.deterministicEncrypt(source, sink, chunksPerBatch: 4)
        } catch let error as AgeUsageError {
            guard case .inputChangedWhileReading = error.reason else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("changed while it was being encrypted"))
        }
    }
}

/// A positional source whose file changes under the encryptor: it shrinks (reads past 10 chunks come back short)
/// or grows (its size grows by one byte once reading started).
final class ChangingSource: PositionalByteSource, @unchecked Sendable {
    enum Change: Sendable { case shrinks, grows }
    let bytes: [UInt8]
    let change: Change
    private let lock = NSLock()
    private var started = false

    init(bytes: [UInt8], change: Change) {
        self.bytes = bytes
        self.change = change
    }

    func positionalRemainder() -> (offset: UInt64, length: UInt64)? { (0, UInt64(bytes.count)) }
    func seek(to offset: UInt64) throws {}
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }

    func size() throws -> UInt64 {
        lock.withLock { UInt64(bytes.count) + (change == .grows && started ? 1 : 0) }
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.withLock { started = true }
        let end = change == .shrinks ? 10 * PayloadChunk.plaintextByteCount : bytes.count
        let count = max(0, min(buffer.count, end - Int(offset)))
        bytes.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset) + count]))
        }
        return count
    }
}
