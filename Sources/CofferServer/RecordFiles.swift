// SPDX-License-Identifier: MIT
import Foundation
import NIOCore

/// Large records on the SQLite backend (Spec/server.md §4.1): a record body above `threshold` bytes is written to
/// `records/rec-<uuid>` in the data directory — a temporary name, `fsync`, `link(2)` to its name, the directory
/// `fsync`ed, as for link files (§4.2) — before the row that names it is written, instead of being one SQLite
/// value: SQLite holds at most 10⁹ bytes in a value, and large values in the database file slow every other
/// statement. Every write makes a new file, so a file belongs to one row, and the row's single statement stays the
/// commit point of every conditional write; a file whose write did not apply is removed, and so is the file a row
/// named before it was replaced or deleted.
struct RecordFiles: Sendable {
    let directory: String
    let threshold: Int

    init(directory: String, threshold: Int) throws {
        self.directory = directory
        self.threshold = threshold
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// True for a body that goes to a file rather than into the row.
    func spills(_ bytes: ByteBuffer) -> Bool { bytes.readableBytes > threshold }

    /// Writes `bytes` durably under a new name; the name.
    func write(_ bytes: ByteBuffer) throws -> String {
        let name = "rec-" + UUID().uuidString.lowercased()
        let upload = try BlobDirectory.Upload(directory: directory)
        try upload.write(bytes)
        guard try upload.commit(as: path(name), directory: directory) else {
            throw BlobError.io("a record file name is taken", EEXIST)
        }
        return name
    }

    func read(_ name: String) throws -> ByteBuffer {
        guard Self.isName(name), let data = FileManager.default.contents(atPath: path(name)) else {
            throw BlobError.io("cannot read a record file", errno)
        }
        return ByteBuffer(bytes: data)
    }

    func remove(_ name: String?) {
        guard let name, Self.isName(name) else { return }
        unlink(path(name))
    }

    func path(_ name: String) -> String { directory + "/" + name }

    static func isName(_ name: String) -> Bool {
        name.hasPrefix("rec-") && !name.contains("/") && name.utf8.count <= 64
    }

    /// Removes what no row names and is more than a day old: a file written before a crash kept its row from being
    /// written, or a temporary file. Younger ones are kept (another process on the same data directory may be
    /// about to write the row).
    func sweep(referenced: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let dayAgo = Date().addingTimeInterval(-86_400)
        for name in names where !referenced.contains(name) {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path(name)))?[.modificationDate]
            if let modified = modified as? Date, modified < dayAgo { unlink(path(name)) }
        }
    }
}
