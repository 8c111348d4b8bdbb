// SPDX-License-Identifier: MIT
import Foundation
import NIOCore

/// The data directory's `blobs/` folder (Spec/server.md §4.2): one file per uploaded link, `link-<lookupID>`.
/// A file is streamed to a temporary name (`.upload-<uuid>`), `fsync`ed, `link(2)`ed to its name (which fails if
/// the name exists, atomically), and the directory `fsync`ed: a name holds a complete, durable file or nothing.
/// The metadata row is written after the file, so a crash in between leaves a file nobody can read.
struct BlobDirectory: Sendable {
    let path: String

    init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func linkPath(_ lookupID: String) -> String { path + "/link-" + lookupID }

    /// A temporary file being written; `commit` gives it its name, `discard` removes it.
    final class Upload {
        let temporary: String
        let descriptor: Int32
        private(set) var size: Int64 = 0

        init(directory: String) throws(BlobError) {
            temporary = directory + "/.upload-" + UUID().uuidString
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw .io("cannot create an upload file", errno) }
        }

        func write(_ buffer: ByteBuffer) throws(BlobError) {
            let result: Int = buffer.withUnsafeReadableBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return -1
                    }
                    offset += written
                }
                return offset
            }
            guard result >= 0 else { throw .io("cannot write an upload file", errno) }
            size += Int64(result)
        }

        /// `fsync`, then `link` to `name`; false if the name exists (nothing replaced).
        func commit(as name: String, directory: String) throws(BlobError) -> Bool {
            guard fsync(descriptor) == 0 else { throw .io("cannot sync an upload file", errno) }
            guard link(temporary, name) == 0 else {
                if errno == EEXIST { return false }
                throw .io("cannot name an upload file", errno)
            }
            let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directoryDescriptor >= 0 else { throw .io("cannot open the blob directory", errno) }
            defer { close(directoryDescriptor) }
            guard fsync(directoryDescriptor) == 0 else { throw .io("cannot sync the blob directory", errno) }
            return true
        }

        deinit {
            close(descriptor)
            unlink(temporary)
        }
    }

    /// True if the two files hold the same bytes (an upload retried after a lost response).
    static func sameContent(_ first: String, _ second: String) -> Bool {
        guard let a = FileHandle(forReadingAtPath: first), let b = FileHandle(forReadingAtPath: second) else {
            return false
        }
        defer {
            try? a.close()
            try? b.close()
        }
        while true {
            let chunkA = (try? a.read(upToCount: 1 << 20)) ?? nil
            let chunkB = (try? b.read(upToCount: 1 << 20)) ?? nil
            guard chunkA == chunkB else { return false }
            if chunkA == nil || chunkA?.isEmpty == true { return true }
        }
    }
}

/// A blob-directory failure, with the system's `errno` (logged by the server, never sent to the client).
enum BlobError: Error {
    case io(String, Int32)
}
