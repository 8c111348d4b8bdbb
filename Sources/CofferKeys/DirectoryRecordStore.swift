// SPDX-License-Identifier: MIT
import Foundation

/// A `RecordStore` in a local directory: one file per record, named by its id. Writes go to a temporary file
/// in the same directory, are flushed, then renamed over the old file, so a crash never leaves half a record.
public struct DirectoryRecordStore: RecordStore {
    package let directory: URL

    /// Uses (and creates, mode 0700) `directory`.
    public init(directory: URL) throws(KeysError) {
        self.directory = directory
        try AtomicFile.createDirectory(directory)
    }

    package func get(_ id: RecordID) throws(KeysError) -> [UInt8] {
        guard let bytes = try AtomicFile.read(directory.appendingPathComponent(id.rawValue), what: "record \(id)")
        else { throw .notFound("record \(id)") }
        return bytes
    }

    package func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) {
        try AtomicFile.write(bytes, to: directory.appendingPathComponent(id.rawValue))
    }

    package func list() throws(KeysError) -> [RecordID] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .storageFailure("cannot list \(directory.path): \(SystemErrorText.describe(error))")
        }
        return names.compactMap { try? RecordID($0) }.sorted()
    }
}

/// Whole-file replacement through `AtomicFileWriter`, shared by the record store and device state;
/// and the matching non-blocking whole-file read (also used by the vault's device state).
package enum AtomicFile {
    static func createDirectory(_ directory: URL) throws(KeysError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .storageFailure("cannot create \(directory.path): \(SystemErrorText.describe(error))")
        }
    }

    /// `AtomicFileWriter.write` (mode 0600), its error as a storage failure.
    static func write(_ bytes: [UInt8], to url: URL) throws(KeysError) {
        do {
            try AtomicFileWriter.write(bytes, to: url.path)
        } catch {
            let verb = error.step == .create ? "create" : error.step == .write ? "write" : "replace"
            throw .storageFailure("cannot \(verb) \(error.path): \(SystemErrorText.describe(error.code))")
        }
    }

    /// The bytes of the regular file at `url`, or nil when nothing is there. Opened without blocking and checked
    /// on the open descriptor: a FIFO, device or directory put where a record belongs is refused, never waited on.
    package static func read(_ url: URL, what: String) throws(KeysError) -> [UInt8]? {
        let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if fd < 0 && errno == ENOENT { return nil }
        guard fd >= 0 else { throw .storageFailure("cannot read \(what): \(SystemErrorText.describe(errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .storageFailure("cannot read \(what): \(SystemErrorText.describe(errno))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .storageFailure("cannot read \(what): \(url.path) is \(fileTypeName(info.st_mode)), not a file")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .storageFailure("cannot read \(what): \(SystemErrorText.describe(errno))") }
            if n == 0 { return bytes }
            bytes += buffer[..<n]
        }
    }

    /// "a FIFO", "a directory", … for a `stat` mode.
    package static func fileTypeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "of an unknown kind"
        }
    }

}
