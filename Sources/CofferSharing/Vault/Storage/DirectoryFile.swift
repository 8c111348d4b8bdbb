// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// The POSIX steps of `VaultDirectoryStore`: bounded reads, durable temporary files, directory `fsync` and the
/// store-wide `flock`.
enum DirectoryFile {
    /// Reads the file at `path`, refusing (`tooLarge`) before reading when it is larger than `maxSize`.
    /// Opened without blocking and checked on the open descriptor: a FIFO, device or directory put where a record
    /// belongs is refused by name, never waited on.
    static func read(_ path: String, id: RecordID, maxSize: Int) throws(VaultStoreError) -> [UInt8] {
        let (fd, size) = try openRegular(path, id: id, maxSize: maxSize)
        defer { close(fd) }
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

    /// The open descriptor and size of the regular file at `path` (opened without blocking, checked on the
    /// descriptor); `tooLarge` if it has more than `maxSize` bytes. The caller closes the descriptor.
    static func openRegular(_ path: String, id: RecordID, maxSize: Int) throws(VaultStoreError) -> (Int32, UInt64) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            if errno == ENOENT { throw .notFound(id) }
            throw .failure("cannot open record \(id): \(SystemErrorText.describe(errno))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw .failure("cannot stat record \(id): \(SystemErrorText.describe(errno))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .failure(
                "cannot read record \(id): \(path) is \(AtomicFile.fileTypeName(info.st_mode)), not a file")
        }
        let size = UInt64(max(info.st_size, 0))
        guard size <= UInt64(maxSize) else {
            close(fd)
            throw .tooLarge(id, size: size, limit: maxSize)
        }
        return (fd, size)
    }

    /// The whole file, or nil if there is none.
    static func readIfPresent(_ path: String, id: RecordID) throws(VaultStoreError) -> [UInt8]? {
        do {
            return try read(path, id: id, maxSize: Int.max)
        } catch let error where error.code == .notFound {
            return nil
        } catch {
            throw error
        }
    }

    /// A record written through `AtomicFileWriter` (mode 0600): `body` fills the temporary file, then it is
    /// `fsync`ed and renamed over the record (`.replace`) or linked to its name (`.createOnly`: `alreadyExists`
    /// when it exists). Any failure leaves the record as it was and removes the temporary file.
    static func atomically(
        _ id: RecordID, _ path: String, placement: AtomicFileWriter.Placement, syncsDirectory: Bool,
        _ body: (AtomicFileWriter) throws(AtomicWriteError) -> Void
    ) throws(VaultStoreError) {
        do {
            let writer = try AtomicFileWriter(target: path, placement: placement, syncsDirectory: syncsDirectory)
            try body(writer)
            try writer.commit()
        } catch {
            if error.step == .place && error.code == EEXIST && placement == .createOnly { throw .alreadyExists(id) }
            let reason = SystemErrorText.describe(error.code)
            switch error.step {
            case .create, .write: throw .failure("cannot \(error.step.rawValue) \(error.path): \(reason)")
            case .sync, .close, .syncDirectory: throw .failure("cannot fsync \(error.path): \(reason)")
            case .place:
                throw .failure("cannot \(placement == .createOnly ? "create" : "replace") record \(id): \(reason)")
            }
        }
    }

    /// `fsync` of the directory, so a rename or link in it survives a power loss.
    static func syncDirectory(_ path: String) throws(VaultStoreError) {
        do {
            try AtomicFileWriter.syncDirectory(path)
        } catch {
            throw .failure("cannot fsync \(path): \(SystemErrorText.describe(error.code))")
        }
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
