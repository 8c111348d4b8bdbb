// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// The POSIX steps of `VaultDirectoryStore`: bounded reads, durable temporary files, directory `fsync` and the
/// store-wide `flock`.
enum DirectoryFile {
    /// Reads the file at `path`, refusing (`tooLarge`) before reading when it is larger than `maxSize`.
    static func read(_ path: String, id: RecordID, maxSize: Int) throws(VaultStoreError) -> [UInt8] {
        // Without blocking: a FIFO planted under a record's name must not hang the reader.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            if errno == ENOENT { throw .notFound(id) }
            throw .failure("cannot open record \(id): \(SystemErrorText.describe(errno))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .failure("cannot stat record \(id): \(SystemErrorText.describe(errno))") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .failure("cannot read record \(id): \(path) is \(fileTypeName(info.st_mode)), not a file")
        }
        let size = UInt64(max(info.st_size, 0))
        guard size <= UInt64(maxSize) else { throw .tooLarge(id, size: size, limit: maxSize) }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.count - offset
            let got = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + offset, count) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw .failure("cannot read record \(id): it changed size while read") }
            offset += got
        }
        return bytes
    }

    /// "a FIFO", "a directory", … for a `stat` mode.
    static func fileTypeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "of an unknown kind"
        }
    }

    /// The whole file, or nil if there is none.
    static func readIfPresent(_ path: String, id: RecordID) throws(VaultStoreError) -> [UInt8]? {
        do {
            return try read(path, id: id, maxSize: Int.max)
        } catch .notFound {
            return nil
        } catch {
            throw error
        }
    }

    /// Writes `bytes` to a new temporary file beside `path` (a name no record can have) and `fsync`s it.
    static func writeTemporary(_ bytes: [UInt8], beside path: String) throws(VaultStoreError) -> String {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .failure("cannot create \(temporary): \(SystemErrorText.describe(errno))") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                close(fd)
                unlink(temporary)
                throw .failure("cannot write \(temporary): \(SystemErrorText.describe(errno))")
            }
            offset += written
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced else {
            unlink(temporary)
            throw .failure("cannot fsync \(temporary): \(SystemErrorText.describe(errno))")
        }
        return temporary
    }

    /// `fsync` of the directory, so a rename or link in it survives a power loss.
    static func syncDirectory(_ path: String) throws(VaultStoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw .failure("cannot open \(path): \(SystemErrorText.describe(errno))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .failure("cannot fsync \(path): \(SystemErrorText.describe(errno))") }
    }

    /// Runs `body` holding an exclusive `flock` on `directory/.lock` (the kernel drops it if the process dies).
    static func locked<T>(_ directory: String, _ body: () throws(VaultStoreError) -> T) throws(VaultStoreError) -> T {
        let lockPath = URL(fileURLWithPath: directory).appendingPathComponent(".lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw .failure("cannot open \(lockPath): \(SystemErrorText.describe(errno))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .failure("cannot lock \(lockPath): \(SystemErrorText.describe(errno))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
