// SPDX-License-Identifier: MIT

/// A sequential source of bytes: a file, a pipe, a network body, an armor decoder.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A sequential destination of bytes.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A source that can be read at any offset (a regular file, a byte range fetched from storage): what
/// `SeekableDecryptor` reads.
public protocol RandomAccessByteSource: AnyObject {
    /// The total size in bytes.
    func size() throws -> UInt64
    /// Reads up to `buffer.count` bytes at `offset`; returns fewer only at the end.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A source whose unread rest is a fixed range of a regular file, which workers may read in parallel (pread).
/// Not public: `AgeEncryptor` finds it inside (`positional`), a client passes any `ByteSource`.
package protocol PositionalByteSource: ByteSource, RandomAccessByteSource {
    /// This source's positional reads, when it has them now: itself by default; a wrapper answers for its base.
    var positional: (any PositionalByteSource)? { get }
    /// The offset of the next sequential read and the bytes from there to the end; nil when the source is not a
    /// regular file (a pipe, a terminal), so the caller must read it sequentially.
    func positionalRemainder() -> (offset: UInt64, length: UInt64)?
    /// Moves the sequential position (after positional reads consumed the rest).
    func seek(to offset: UInt64) throws
}

/// A sink that can also write at absolute offsets: a regular file not opened for appending. Not public, like
/// `PositionalByteSource`.
package protocol PositionalByteSink: ByteSink {
    /// This sink's positional writes, when it has them now: itself by default; a wrapper answers for its base.
    var positional: (any PositionalByteSink)? { get }
    /// The offset of the next sequential write; nil when positional writes are not possible (a pipe, a terminal,
    /// a file opened with O_APPEND).
    func positionalOffset() -> UInt64?
    /// Writes all of `bytes` at `offset`, leaving the sequential position alone.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws
    /// Moves the sequential position (after positional writes).
    func seek(to offset: UInt64) throws
}

extension PositionalByteSource {
    /// Itself: a positional source offers its positional reads.
    package var positional: (any PositionalByteSource)? { self }
}

extension PositionalByteSink {
    /// Itself: a positional sink offers its positional writes.
    package var positional: (any PositionalByteSink)? { self }
}

extension ByteSource {
    /// This source with positional reads, when it has them (a file): what lets `AgeEncryptor` spread a file over
    /// every core. Nil unless the source is a `PositionalByteSource` that offers them, so a source is read in
    /// order unless it says otherwise.
    package var positional: (any PositionalByteSource)? { (self as? any PositionalByteSource)?.positional }
}

extension ByteSink {
    /// This sink with positional writes, when it has them (a file); nil unless the sink is a
    /// `PositionalByteSink` that offers them.
    package var positional: (any PositionalByteSink)? { (self as? any PositionalByteSink)?.positional }
}

extension ByteSource {
    /// Reads until `buffer` is full or the input ends; returns the number of bytes read.
    package func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Reads everything that is left (for small inputs and tests).
    package func readAll() throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return out }
            out += chunk[..<n]
        }
    }
}

extension ByteSink {
    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Bytes held in memory, readable sequentially or at any offset (tests, vectors, small inputs).
package final class MemorySource: ByteSource, RandomAccessByteSource {
    package let bytes: [UInt8]
    private var position = 0

    /// A source over `bytes`, positioned at the start.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try read(at: UInt64(position), into: buffer)
        position += n
        return n
    }

    package func size() throws -> UInt64 { UInt64(bytes.count) }

    package func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < UInt64(bytes.count) else { return 0 }
        let start = Int(offset)
        let n = min(buffer.count, bytes.count - start)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: n) }
        return n
    }
}

/// Collects written bytes in memory.
package final class MemorySink: ByteSink {
    /// Everything written so far, in order.
    package private(set) var bytes: [UInt8] = []

    /// An empty sink.
    package init() {}

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Reads a `RandomAccessByteSource` sequentially from an offset, counting what it consumed.
package final class PositionalSource: ByteSource {
    private let base: RandomAccessByteSource
    package private(set) var offset: UInt64

    package init(_ base: RandomAccessByteSource, offset: UInt64 = 0) {
        self.base = base
        self.offset = offset
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try base.read(at: offset, into: buffer)
        offset += UInt64(n)
        return n
    }
}
