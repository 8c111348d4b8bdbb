// SPDX-License-Identifier: MIT
// Foundation is used here only for FileHandle, the portable file API; the bytes move with read(2), pread(2) and
// write(2) on its descriptor, without a `Data` per call. The format code itself is byte-level Swift.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file (or stdin, or a pipe) read through `FileHandle`; random access works on regular files.
public final class FileSource: ByteSource, RandomAccessByteSource, PositionalByteSource {
    private let handle: FileHandle

    /// Reads `handle` from its current offset; the handle stays open, owned by the caller.
    public init(handle: FileHandle) {
        self.handle = handle
    }

    /// Opens the file at `path` for reading (the error of `FileHandle` if it cannot be opened).
    public convenience init(path: String) throws {
        self.init(handle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
    }

    /// read(2) straight into `buffer`: `FileHandle.read(upToCount:)` would allocate and copy a `Data` per call.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(handle.fileDescriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
    }

    public func size() throws -> UInt64 {
        let current = try handle.offset()
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: current)
        return end
    }

    /// pread(2) until `buffer` is full or the file ends; the sequential position is left alone.
    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = pread(
                handle.fileDescriptor, buffer.baseAddress! + filled, buffer.count - filled,
                off_t(offset) + off_t(filled))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}

extension FileSource {
    package func positionalRemainder() -> (offset: UInt64, length: UInt64)? {
        let fd = handle.fileDescriptor
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let offset = lseek(fd, 0, SEEK_CUR)
        guard offset >= 0, off_t(status.st_size) >= offset else { return nil }
        return (UInt64(offset), UInt64(off_t(status.st_size) - offset))
    }

    package func seek(to offset: UInt64) throws {
        guard lseek(handle.fileDescriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}

/// A file (or stdout) written through `FileHandle`.
public final class FileSink: ByteSink, PositionalByteSink {
    private let handle: FileHandle

    /// Writes to `handle` from its current offset; the handle stays open, owned by the caller.
    public init(handle: FileHandle) {
        self.handle = handle
    }

    /// write(2) until everything is written: `FileHandle.write(contentsOf:)` would need a `Data` copy per call.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let n = systemWrite(handle.fileDescriptor, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += n
        }
    }
}

extension FileSink {
    package func positionalOffset() -> UInt64? {
        let fd = handle.fileDescriptor
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, fcntl(fd, F_GETFL) & O_APPEND == 0
        else { return nil }
        let offset = lseek(fd, 0, SEEK_CUR)
        return offset >= 0 ? UInt64(offset) : nil
    }

    /// pwrite(2) until everything is written.
    package func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        var written = 0
        while written < bytes.count {
            let n = pwrite(
                handle.fileDescriptor, bytes.baseAddress! + written, bytes.count - written,
                off_t(offset) + off_t(written))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += n
        }
    }

    package func seek(to offset: UInt64) throws {
        guard lseek(handle.fileDescriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
