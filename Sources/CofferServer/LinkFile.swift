// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// A committed link file of the blob directory opened for reading (Spec/server.md §4.2, §5.2): its descriptor and
/// the identity (device, inode, size) that says whether a name still holds this very file. `open` with `fstat` runs
/// on NIO's thread pool; a response is written from its connection's event loop, a chunk at a time (no
/// read-ahead), each read there from the page cache, or on the thread pool for what is not cached. The descriptor
/// is closed when the last response reading it and the `LinkMetadataCache` let it go.
final class LinkFile: Sendable {
    /// What tells two files apart: a link revoked and uploaded again under its lookup id is a new inode.
    struct Identity: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
        let size: Int64
    }

    /// Bytes read by one `pread` and written to the connection at a time.
    static let chunkBytes: Int64 = 128 * 1024
    /// Chunks read and queued at once by all downloads: 256 × 128 KiB = 32 MiB. With 64 (8 MiB), 1 MiB downloads on
    /// 256 connections waited for a permit (p99 1.7 s, 0.45× nginx; with 256: 0.24–0.39 s, 0.50–0.53×, BENCHMARKS.md).
    static let budget = ChunkBudget(permits: 256)

    let descriptor: Int32
    let identity: Identity
    let pool: NIOThreadPool
    /// The whole file mapped read-only, never read through: only `mincore` looks at it, to learn which of its pages
    /// the page cache holds (`isCached`). Nil for an empty file or where the mapping failed (then nothing is
    /// sent with `sendfile`).
    private nonisolated(unsafe) let mapping: UnsafeMutableRawPointer?

    private init(descriptor: Int32, identity: Identity, pool: NIOThreadPool) {
        self.descriptor = descriptor
        self.identity = identity
        self.pool = pool
        mapping = Self.map(descriptor, size: identity.size)
    }

    deinit {
        if let mapping { munmap(mapping, Int(identity.size)) }
        close(descriptor)
    }

    private static func map(_ descriptor: Int32, size: Int64) -> UnsafeMutableRawPointer? {
        guard size > 0, let length = Int(exactly: size) else { return nil }
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0)
        guard let address, address != MAP_FAILED else { return nil }
        return address
    }

    private static let pageBytes = Int64(max(sysconf(Int32(_SC_PAGESIZE)), 4096))

    /// Whether the page cache holds every byte of `range` now (`mincore` on the mapping: no byte is read, no page
    /// faulted in), so that sending it cannot make the event loop wait for the disk. A page evicted right after
    /// the check is read by `sendfile` on the loop; that is the only disk wait a loop can meet.
    func isCached(_ range: ClosedRange<Int64>) -> Bool {
        guard let mapping, range.lowerBound >= 0, range.upperBound < identity.size else { return false }
        let page = Self.pageBytes
        let window = 4096 as Int64
        var start = range.lowerBound / page * page
        let end = range.upperBound + 1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(window)) { vector in
            guard let base = vector.baseAddress else { return false }
            while start < end {
                let length = min(end - start, window * page)
                guard mincore(mapping + Int(start), Int(length), base) == 0 else { return false }
                for index in 0..<Int((length + page - 1) / page) where vector[index] & 1 == 0 { return false }
                start += length
            }
            return true
        }
    }

    /// Opens the file named `path`; nil if there is none.
    static func open(_ path: String, pool: NIOThreadPool = .singleton) async throws -> LinkFile? {
        try await pool.runIfActive { () throws(BlobError) -> LinkFile? in
            let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOENT { return nil }
                throw .io("cannot open a link file", errno)
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let failure = errno
                close(descriptor)
                throw .io("cannot read a link file's status", failure)
            }
            return LinkFile(descriptor: descriptor, identity: Identity(status), pool: pool)
        }
    }

    /// The identity of the file named `path` now, from NIO's thread pool; nil if there is none.
    static func identity(at path: String, pool: NIOThreadPool = .singleton) async throws -> Identity? {
        try await pool.runIfActive { () throws(BlobError) -> Identity? in try identityNow(at: path) }
    }

    /// The identity of the file named `path` now (`stat` on the calling thread); nil if there is none.
    static func identityNow(at path: String) throws(BlobError) -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw .io("cannot read a link file's status", errno)
        }
        return Identity(status)
    }

    /// The bytes `range`, a chunk at a time, to the request's connection. A file shorter than its range cuts the
    /// response, never pads it. On `coffer serve` the connection's task runs on its event loop
    /// (`EventLoopHTTP1Channel`), so each chunk is read there from the page cache and handed to the channel with no
    /// hop to another thread; a write from the loop reaches the channel at once and waits while the channel is not
    /// writable, so a download keeps at most one chunk queued.
    ///
    /// A range of one chunk or less (a ranged read) is read before the answer starts and sent with its head in one
    /// write: a separate write of the head cost a system call and a TCP segment per request.
    func body(range: ClosedRange<Int64>) async throws -> ResponseBody {
        if range.count <= Self.chunkBytes {
            let count = Int(range.count)
            return ResponseBody(
                byteBuffer: try await Self.budget.withPermit { try await chunk(count, at: range.lowerBound) })
        }
        return ResponseBody(contentLength: Int(range.count)) { writer in
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let count = Int(min(Self.chunkBytes, range.upperBound - offset + 1))
                let start = offset
                try await Self.budget.withPermit {
                    let chunk = try await self.chunk(count, at: start)
                    try await writer.write(chunk)
                }
                offset += Int64(count)
            }
            try await writer.finish(nil)
        }
    }

    /// `count` bytes from `offset`: what the page cache holds is read on the calling thread (`PageCacheRead`, which
    /// never waits for the disk), the rest with `pread` on the thread pool.
    func chunk(_ count: Int, at offset: Int64) async throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        PageCacheRead.read(descriptor, into: &buffer, count: count, at: offset)
        if buffer.readableBytes == count { return buffer }
        return try await pool.runIfActive { [buffer] () throws(BlobError) -> ByteBuffer in
            var rest = buffer
            try self.read(into: &rest, count: count, at: offset)
            return rest
        }
    }

    /// Appends to `buffer` the bytes from `offset + buffer.readableBytes` on until it holds `count` (`pread`,
    /// repeated until all came; blocking).
    func read(into buffer: inout ByteBuffer, count: Int, at offset: Int64) throws(BlobError) {
        while buffer.readableBytes < count {
            let wanted = count - buffer.readableBytes
            let position = off_t(offset) + off_t(buffer.readableBytes)
            var failure: Int32 = 0
            let result = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { space in
                let read = pread(descriptor, space.baseAddress, wanted, position)
                if read < 0 { failure = errno }
                return max(read, 0)
            }
            if result == 0 {
                if failure == EINTR { continue }
                throw .io("cannot read a link file (it ended early or failed)", failure)
            }
        }
    }
}

extension LinkFile.Identity {
    init(_ status: stat) {
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size))
    }
}
