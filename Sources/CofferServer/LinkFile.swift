// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// A committed link file of the blob directory opened for reading (Spec/server.md §4.2, §5.2): its descriptor and
/// the identity (device, inode, size) that says whether a name still holds this very file. Every system call runs
/// on NIO's thread pool, one job each time — `open` with `fstat`, then one `pread` per chunk — and a response
/// holds one chunk at a time (no read-ahead), so a download costs a few thread hops and the same memory whatever
/// the number of connections. The descriptor is closed when the last response reading it lets it go.
final class LinkFile: Sendable {
    /// What tells two files apart: a link revoked and uploaded again under its lookup id is a new inode.
    struct Identity: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
        let size: Int64
    }

    /// Bytes read by one `pread` and written to the connection at a time.
    static let chunkBytes: Int64 = 128 * 1024
    /// Chunks read and queued at once by all downloads: 64 × 128 KiB = 8 MiB.
    static let budget = ChunkBudget(permits: 64)

    let descriptor: Int32
    let identity: Identity
    let pool: NIOThreadPool

    private init(descriptor: Int32, identity: Identity, pool: NIOThreadPool) {
        self.descriptor = descriptor
        self.identity = identity
        self.pool = pool
    }

    deinit { close(descriptor) }

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

    /// The identity of the file named `path` now; nil if there is none.
    static func identity(at path: String, pool: NIOThreadPool = .singleton) async throws -> Identity? {
        try await pool.runIfActive { () throws(BlobError) -> Identity? in
            var status = stat()
            guard stat(path, &status) == 0 else {
                if errno == ENOENT { return nil }
                throw .io("cannot read a link file's status", errno)
            }
            return Identity(status)
        }
    }

    /// The bytes `range`, a chunk at a time, to a connection of `eventLoop`. A file shorter than its range cuts the
    /// response, never pads it. Hummingbird's writer returns once a chunk is queued for the event loop, not once the
    /// loop has handed it to the socket: on a busy loop a download would queue its whole file (measured: about 0.8
    /// MiB a connection, 220 MiB at 256 connections). Waiting for the loop after each chunk keeps one chunk queued;
    /// behind it the channel's own backpressure holds the writer while the socket is full.
    func body(range: ClosedRange<Int64>, eventLoop: any EventLoop) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let count = Int(min(Self.chunkBytes, range.upperBound - offset + 1))
                let start = offset
                let last = start + Int64(count) > range.upperBound
                try await Self.budget.withPermit {
                    let chunk = try await self.pool.runIfActive { try self.read(count, at: start) }
                    try await writer.write(chunk)
                    if !last { try await eventLoop.submit {}.get() }
                }
                offset += Int64(count)
            }
            try await writer.finish(nil)
        }
    }

    /// `count` bytes from `offset` (`pread`, repeated until all came).
    func read(_ count: Int, at offset: Int64) throws(BlobError) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
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
        return buffer
    }
}

extension LinkFile.Identity {
    init(_ status: stat) {
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size))
    }
}
