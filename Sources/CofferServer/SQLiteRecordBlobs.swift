// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore
import SQLiteNIO

/// Streamed record bodies on SQLite (Spec/server.md §4.4): the body goes to a temporary file of `records/` as it
/// arrives, is `fsync`ed and named `rec-<uuid>` (`RecordFiles`), and the row written after names it — the same
/// files and the same commit point as a large record received whole (§4.1).
extension SQLiteServerStore: RecordBlobStore {
    func beginRecordBlob() async throws -> any RecordBlobUpload {
        SQLiteRecordUpload(file: try BlobDirectory.Upload(directory: files.directory), files: files)
    }

    func recordHead(vault: String, id: String) async throws -> RecordHead? {
        // A write may replace the row and remove the file it named between the two reads: read the row again.
        for _ in 1...3 {
            let rows = try await connection.query(
                "SELECT bytes, version, file, size FROM records WHERE vault = ? AND id = ?",
                [.text(vault), .text(id)])
            guard let row = rows.first, let version = row.column("version")?.string else { return nil }
            guard let file = row.column("file")?.string else {
                return RecordHead(version: version, inline: row.column("bytes")?.blob ?? ByteBuffer())
            }
            guard RecordFiles.isName(file), FileManager.default.fileExists(atPath: files.path(file)) else { continue }
            let size = Int64(row.column("size")?.integer ?? 0)
            return RecordHead(version: version, blob: RecordBlob(name: file, size: size))
        }
        return nil
    }

    func blobBody(_ blob: RecordBlob, range: ClosedRange<Int64>, context: some RequestContext) async throws
        -> ResponseBody
    {
        guard RecordFiles.isName(blob.name) else { throw HTTPError(.notFound) }
        return try await FileIO().loadFile(
            path: files.path(blob.name), range: Int(range.lowerBound)...Int(range.upperBound), context: context)
    }
}

/// One body being written to a temporary file of `records/`; `finish` names it, dropping it unfinished removes it.
final class SQLiteRecordUpload: RecordBlobUpload, @unchecked Sendable {
    // One request's body writes it, in order; never shared between tasks.
    let file: BlobDirectory.Upload
    let files: RecordFiles

    init(file: BlobDirectory.Upload, files: RecordFiles) {
        self.file = file
        self.files = files
    }

    var size: Int64 { file.size }

    func write(_ buffer: ByteBuffer) async throws { try file.write(buffer) }

    func finish() async throws -> RecordBlob {
        let name = "rec-" + UUID().uuidString.lowercased()
        guard try file.commit(as: files.path(name), directory: files.directory) else {
            throw BlobError.io("a record file name is taken", EEXIST)
        }
        return RecordBlob(name: name, size: file.size)
    }

    /// The temporary file goes when the upload is freed (`BlobDirectory.Upload.deinit`); a named one is the row's.
    func discard() async {}
}
