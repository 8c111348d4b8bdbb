// SPDX-License-Identifier: MIT
// Foundation is used here only for FileHandle, the portable file API; the format code itself is byte-level Swift.
import Foundation

/// A file (or stdin, or a pipe) read through `FileHandle`; random access works on regular files.
public final class FileSource: ByteSource, RandomAccessByteSource {
    private let handle: FileHandle

    public init(handle: FileHandle) {
        self.handle = handle
    }

    public convenience init(path: String) throws {
        self.init(handle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let data = try handle.read(upToCount: buffer.count), !data.isEmpty else { return 0 }
        data.copyBytes(to: buffer.bindMemory(to: UInt8.self), count: data.count)
        return data.count
    }

    public func size() throws -> UInt64 {
        let current = try handle.offset()
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: current)
        return end
    }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try handle.seek(toOffset: offset)
        var filled = 0
        while filled < buffer.count {
            guard let data = try handle.read(upToCount: buffer.count - filled), !data.isEmpty else { break }
            data.copyBytes(
                to: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]).bindMemory(to: UInt8.self),
                count: data.count)
            filled += data.count
        }
        return filled
    }
}

/// A file (or stdout) written through `FileHandle`.
public final class FileSink: ByteSink {
    private let handle: FileHandle

    public init(handle: FileHandle) {
        self.handle = handle
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try handle.write(contentsOf: Data(bytes))
    }
}
