// SPDX-License-Identifier: MIT
import Foundation

/// A `RecordStore` in a local directory: one file per record, named by its id. Writes go to a temporary file
/// in the same directory, are flushed, then renamed over the old file, so a crash never leaves half a record.
public struct DirectoryRecordStore: RecordStore {
    public let directory: URL

    /// Uses (and creates, mode 0700) `directory`.
    public init(directory: URL) throws(KeysError) {
        self.directory = directory
        try AtomicFile.createDirectory(directory)
    }

    public func get(_ id: RecordID) throws(KeysError) -> [UInt8] {
        let url = directory.appendingPathComponent(id.rawValue)
        guard FileManager.default.fileExists(atPath: url.path) else { throw .notFound("record \(id)") }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw .storageFailure("cannot read record \(id): \(error.localizedDescription)")
        }
    }

    public func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) {
        try AtomicFile.write(bytes, to: directory.appendingPathComponent(id.rawValue))
    }

    public func list() throws(KeysError) -> [RecordID] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .storageFailure("cannot list \(directory.path): \(error.localizedDescription)")
        }
        return names.compactMap { try? RecordID($0) }.sorted()
    }
}

/// Whole-file replacement by temporary file + fsync + rename(2), shared by the record store and device state.
enum AtomicFile {
    static func createDirectory(_ directory: URL) throws(KeysError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .storageFailure("cannot create \(directory.path): \(error.localizedDescription)")
        }
    }

    static func write(_ bytes: [UInt8], to url: URL) throws(KeysError) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .storageFailure("cannot create \(temporary.path): errno \(errno)") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else {
                close(fd)
                unlink(temporary.path)
                throw .storageFailure("cannot write \(temporary.path): errno \(errno)")
            }
            offset += written
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw .storageFailure("cannot replace \(url.path): errno \(errno)")
        }
    }
}
