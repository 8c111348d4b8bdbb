// SPDX-License-Identifier: MIT
import CofferAge
import Foundation
import Testing

/// Streams a generated plaintext through encryption and decryption connected by a pipe, never holding the file:
/// 2 GiB (about 10 s in a debug build on 2 cores); COFFER_SMALL_TESTS=1 shrinks it to 256 MiB for quick runs.
/// This test checks the bytes; the memory of the same stream is bounded per process by StreamMemoryCLITests
/// (CofferCLITests), where suites running in parallel in this process cannot move the measurement.
@Suite("Streaming in constant memory", .serialized)
struct LargeStreamTests {
    static let size: UInt64 = ProcessInfo.processInfo.environment["COFFER_SMALL_TESTS"] == "1" ? 256 << 20 : 2 << 30

    /// Byte at offset o is `(o >> 12) & 0xFF`: cheap to generate in runs of 4096 and to check at run edges.
    final class PatternSource: ByteSource {
        let size: UInt64
        var offset: UInt64 = 0
        init(size: UInt64) { self.size = size }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = Int(min(UInt64(buffer.count), size - offset, 4096 - offset % 4096))
            guard n > 0 else { return 0 }
            UnsafeMutableRawBufferPointer(rebasing: buffer[..<n]).initializeMemory(
                as: UInt8.self, repeating: UInt8((offset >> 12) & 0xFF))
            offset += UInt64(n)
            return n
        }
    }

    final class PatternCheckSink: ByteSink {
        var offset: UInt64 = 0
        var mismatches = 0
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard !bytes.isEmpty else { return }
            if bytes.first != UInt8((offset >> 12) & 0xFF) { mismatches += 1 }
            let lastOffset = offset + UInt64(bytes.count) - 1
            if bytes.last != UInt8((lastOffset >> 12) & 0xFF) { mismatches += 1 }
            offset += UInt64(bytes.count)
        }
    }

    @Test("encrypt → pipe → decrypt of a generated stream returns every byte in order")
    func pipeline() throws {
        let identity = X25519Identity.generate()
        let pipe = Pipe()
        let writer = pipe.fileHandleForWriting
        let size = LargeStreamTests.size
        nonisolated(unsafe) var encryptError: Error?
        let done = DispatchSemaphore(value: 0)
        let start = Date()
        Thread.detachNewThread {
            do {
                try AgeEncryptor(recipients: [identity.recipient])
                    .encrypt(from: PatternSource(size: size), to: FileSink(handle: writer))
            } catch {
                encryptError = error
            }
            try? writer.close()
            done.signal()
        }
        let sink = PatternCheckSink()
        try AgeDecryptor(identities: [identity]).decrypt(from: FileSource(handle: pipe.fileHandleForReading), to: sink)
        done.wait()
        #expect(encryptError == nil)
        #expect(sink.offset == size)
        #expect(sink.mismatches == 0)
        print("streamed \(size >> 20) MiB in \(Int(Date().timeIntervalSince(start))) s")
    }
}
