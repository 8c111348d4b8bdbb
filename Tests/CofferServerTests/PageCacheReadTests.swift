// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import Testing

@testable import CofferServer

/// A link file's chunks are read from the page cache on the calling thread (`PageCacheRead`, `preadv2` with
/// `RWF_NOWAIT`) and whatever that leaves with `pread` on the thread pool (`LinkFile.chunk`): the bytes are the
/// file's either way, at any offset, and a range past the end fails instead of padding.
@Suite struct PageCacheReadTests {
    static func file(_ count: Int) throws -> (path: String, bytes: [UInt8]) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-pagecache-\(UUID())").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    @Test func aCachedFileIsReadWhole() throws {
        let (path, bytes) = try Self.file(300_000)
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var buffer = ByteBuffer()
        PageCacheRead.read(descriptor, into: &buffer, count: 200_000, at: 50_000)
        // Just written, so cached: on Linux the whole range comes back here; elsewhere nothing does (no preadv2).
        #if os(Linux)
            #expect(buffer.readableBytes == 200_000)
        #endif
        #expect(Array(buffer.readableBytesView) == Array(bytes[50_000..<(50_000 + buffer.readableBytes)]))
        var tail = ByteBuffer()
        PageCacheRead.read(descriptor, into: &tail, count: 1000, at: 299_500)
        #expect(tail.readableBytes <= 500, "stops at the end of the file")
        #expect(Array(tail.readableBytesView) == Array(bytes[299_500..<(299_500 + tail.readableBytes)]))
    }

    /// Pages dropped from the cache (`POSIX_FADV_DONTNEED`; a file system may keep them, then the cached path
    /// serves): the chunk is still the file's bytes, the rest read on the thread pool.
    @Test func chunksAreTheFilesBytesCachedOrNot() async throws {
        let (path, bytes) = try Self.file(3 * Int(LinkFile.chunkBytes) + 1234)
        defer { unlink(path) }
        let file = try #require(try await LinkFile.open(path))
        for dropCache in [false, true] {
            for offset in [0, 1, Int(LinkFile.chunkBytes) - 7, 2 * Int(LinkFile.chunkBytes) + 99] {
                if dropCache { _ = posix_fadvise(file.descriptor, 0, 0, POSIX_FADV_DONTNEED) }
                let count = min(Int(LinkFile.chunkBytes), bytes.count - offset)
                let chunk = try await file.chunk(count, at: Int64(offset))
                #expect(Array(chunk.readableBytesView) == Array(bytes[offset..<(offset + count)]), "\(offset)")
            }
        }
        await #expect(throws: BlobError.self) { try await file.chunk(2000, at: Int64(bytes.count - 1000)) }
    }
}
