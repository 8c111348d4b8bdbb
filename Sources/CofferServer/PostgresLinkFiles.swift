// SPDX-License-Identifier: MIT
import Crypto
import Foundation
import Hummingbird
import NIOCore
import PostgresNIO

/// Link files as `link_chunks` rows (Spec/server.md §4.3). An upload registers itself in `link_uploads`, inserts
/// each full chunk as it arrives (constant memory, no transaction held open while a slow client sends), and
/// commits by inserting its `links` row: before that statement no reader can reach its chunks, after it all of
/// them are there. A killed server leaves at most an unnamed upload, swept a day later (`PostgresSchema`).
extension PostgresServerStore: LinkFileStore {
    func beginUpload(_ lookupID: String) async throws -> any LinkFileUpload {
        let upload = PostgresLinkUpload(store: self)
        _ = try await rows("INSERT INTO link_uploads (upload) VALUES (\(upload.id))")
        return upload
    }

    /// Nothing to do: `deleteLink` removed the link's upload, and with it its chunks, in the same statement.
    func removeFile(_ lookupID: String) async {}

    /// Streams the chunks that cover `range`, a few per statement, so no connection is held while the client
    /// reads. A chunk missing under a committed link cannot happen (one row made both visible); if it did, the
    /// response is cut, never padded.
    /// The link's row (read on every request: several instances share the database, so none may keep it).
    func source(_ lookupID: String) async throws -> LinkSource? {
        guard let metadata = try await link(lookupID) else { return nil }
        return LinkSource(metadata: metadata) { range in self.body(lookupID, range: range) }
    }

    func body(_ lookupID: String, range: ClosedRange<Int64>) -> ResponseBody {
        chunkedBody(range: range) { first, last in
            try await self.rows(
                """
                SELECT c.seq, c.bytes FROM link_chunks c JOIN links l ON l.upload = c.upload
                  WHERE l.lookup_id = \(lookupID) AND c.seq BETWEEN \(first) AND \(last) ORDER BY c.seq
                """)
        }
    }

    /// The bytes `range` of chunks numbered from 0, `chunkSize` each, fetched four at a time by `fetch(first,
    /// last)` (rows of `seq, bytes`). A missing or short chunk cuts the response, never pads it.
    func chunkedBody(
        range: ClosedRange<Int64>, fetch: @escaping @Sendable (Int32, Int32) async throws -> [PostgresRow]
    ) -> ResponseBody {
        let size = Int64(PostgresSchema.chunkSize)
        let first = Int32(range.lowerBound / size)
        let last = Int32(range.upperBound / size)
        return ResponseBody(contentLength: Int(range.count)) { writer in
            var next = first
            while next <= last {
                let end = min(last, next + 3)
                let rows = try await fetch(next, end)
                guard rows.count == Int(end - next) + 1 else { throw ServerStoreError.unavailable }
                for row in rows {
                    let (sequence, bytes) = try row.decode((Int32, ByteBuffer).self)
                    let start = Int64(sequence) * size
                    let from = max(range.lowerBound, start) - start
                    let to = min(range.upperBound, start + Int64(bytes.readableBytes) - 1) - start
                    guard from <= to,
                        let slice = bytes.getSlice(at: bytes.readerIndex + Int(from), length: Int(to - from + 1))
                    else { throw ServerStoreError.unavailable }
                    try await writer.write(slice)
                }
                next = end + 1
            }
            try await writer.finish(nil)
        }
    }
}

/// One upload into `link_chunks`. Written by one request's body, in order, never shared between tasks.
final class PostgresLinkUpload: LinkFileUpload, @unchecked Sendable {
    let store: PostgresServerStore
    let id = UUID()
    private(set) var size: Int64 = 0
    private var pending = ByteBuffer()
    private var sequence: Int32 = 0
    private var digest = Crypto.SHA256()

    init(store: PostgresServerStore) { self.store = store }

    func write(_ buffer: ByteBuffer) async throws {
        buffer.withUnsafeReadableBytes { digest.update(bufferPointer: $0) }
        size += Int64(buffer.readableBytes)
        var buffer = buffer
        pending.writeBuffer(&buffer)
        while pending.readableBytes >= PostgresSchema.chunkSize {
            if let chunk = pending.readSlice(length: PostgresSchema.chunkSize) { try await insert(chunk) }
        }
        pending.discardReadBytes()
    }

    private func insert(_ chunk: ByteBuffer) async throws {
        _ = try await store.rows(
            "INSERT INTO link_chunks (upload, seq, bytes) VALUES (\(id), \(sequence), \(chunk))")
        sequence += 1
    }

    /// The last partial chunk, then the `links` row (`ON CONFLICT DO NOTHING`): inserted is created; otherwise
    /// the row there is compared by size, digest, owner and terms (a retry, or a conflict), and this upload removed.
    /// Inserts the last partial chunk: every byte received is then in `link_chunks`.
    func flush() async throws {
        if pending.readableBytes > 0 { try await insert(pending) }
        pending = ByteBuffer()
    }

    func commit(_ metadata: LinkMetadata) async throws -> LinkCommit {
        try await flush()
        let hash = ByteBuffer(bytes: Array(digest.finalize()))
        let inserted = try await store.rows(
            """
            INSERT INTO links (lookup_id, upload, size, digest, etag, expires, download_limit, owner, revocation_hash)
              VALUES (\(metadata.lookupID), \(id), \(metadata.size), \(hash), \(metadata.etag), \(metadata.expires),
                \(metadata.downloadLimit), \(metadata.owner), \(metadata.revocationHash))
              ON CONFLICT DO NOTHING RETURNING lookup_id
            """)
        if !inserted.isEmpty { return .created(etag: metadata.etag) }
        await discard()
        let rows = try await store.rows(
            """
            SELECT size, digest, etag, expires, download_limit, owner, revocation_hash FROM links
              WHERE lookup_id = \(metadata.lookupID)
            """)
        guard let row = rows.first else { return .conflict }
        let (size, stored, etag, expires, limit, owner, revocationHash) = try row.decode(
            (Int64, ByteBuffer, String, Int64?, Int64?, String?, String?).self)
        guard size == metadata.size, stored == hash, owner == nil || owner == metadata.owner,
            expires == metadata.expires, limit == metadata.downloadLimit, revocationHash == metadata.revocationHash
        else { return .conflict }
        return .retried(etag: etag)
    }

    func discard() async {
        _ = try? await store.rows("DELETE FROM link_uploads WHERE upload = \(id)")
    }
}
