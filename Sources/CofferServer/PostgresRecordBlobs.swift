// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore
import PostgresNIO

/// Streamed record bodies in PostgreSQL (Spec/server.md §4.4): the body becomes an upload's `link_chunks` as it
/// arrives (constant memory, each chunk a short transaction), and the record's row, inserted after with the
/// upload's id in `upload`, is the one statement that makes it visible — so every instance on the database serves
/// it, and a server killed mid-upload leaves only an upload no row names, swept a day later.
extension PostgresServerStore: RecordBlobStore {
    func beginRecordBlob() async throws -> any RecordBlobUpload {
        let upload = PostgresLinkUpload(store: self)
        _ = try await rows("INSERT INTO link_uploads (upload) VALUES (\(upload.id))")
        return PostgresRecordUpload(upload)
    }

    func recordHead(vault: String, id: String) async throws -> RecordHead? {
        let rows = try await rows(
            "SELECT bytes, version, upload, size FROM records WHERE vault = \(vault) AND id = \(id)")
        guard let row = rows.first else { return nil }
        let (bytes, version, upload, size) = try row.decode((ByteBuffer?, String, UUID?, Int64?).self)
        guard let upload else { return RecordHead(version: version, inline: bytes ?? ByteBuffer()) }
        return RecordHead(version: version, blob: RecordBlob(name: upload.uuidString, size: size ?? 0))
    }

    /// The chunks of the record's upload; a row's upload keeps its chunks until the row is deleted.
    func blobBody(_ blob: RecordBlob, range: ClosedRange<Int64>, context: some RequestContext) async throws
        -> ResponseBody
    {
        guard let upload = UUID(uuidString: blob.name) else { throw HTTPError(.notFound) }
        return chunkedBody(range: range) { first, last in
            try await self.rows(
                """
                SELECT seq, bytes FROM link_chunks WHERE upload = \(upload) AND seq BETWEEN \(first) AND \(last)
                  ORDER BY seq
                """)
        }
    }
}

/// A record body as an upload's chunks; `finish` stores the last one, `discard` deletes them all.
final class PostgresRecordUpload: RecordBlobUpload, @unchecked Sendable {
    // One request's body writes it, in order; never shared between tasks.
    let upload: PostgresLinkUpload
    private var finished = false

    init(_ upload: PostgresLinkUpload) { self.upload = upload }

    var size: Int64 { upload.size }

    func write(_ buffer: ByteBuffer) async throws { try await upload.write(buffer) }

    func finish() async throws -> RecordBlob {
        try await upload.flush()
        finished = true
        return RecordBlob(name: upload.id.uuidString, size: upload.size)
    }

    func discard() async {
        if !finished { await upload.discard() }
    }
}
