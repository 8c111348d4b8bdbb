// SPDX-License-Identifier: MIT
import Hummingbird
import NIOCore

/// Large record bodies streamed to storage and back, never held whole in memory (Spec/server.md §4.4): a create-only
/// `PUT` of a body above the record-file threshold is written as it arrives to a place no reader looks at (SQLite:
/// a temporary file in `records/`, `fsync`ed and named; PostgreSQL: chunks of an upload), and only the record's row,
/// written after, makes it visible. A read streams the requested range from there.
protocol RecordBlobStore: Sendable {
    /// Starts receiving a record body; nothing is visible until a row names what `finish` returns.
    func beginRecordBlob() async throws -> any RecordBlobUpload
    /// The record's version, size, and where its bytes are: in the row, or in a blob. Nil if absent.
    func recordHead(vault: String, id: String) async throws -> RecordHead?
    /// The bytes `range` of a committed blob, streamed into the response.
    func blobBody(_ blob: RecordBlob, range: ClosedRange<Int64>, context: some RequestContext) async throws
        -> ResponseBody
}

/// One record body being received, written by one request in order.
protocol RecordBlobUpload: AnyObject, Sendable {
    /// Bytes received so far.
    var size: Int64 { get }
    /// Appends the next part of the body.
    func write(_ buffer: ByteBuffer) async throws
    /// Makes the body durable under a name a row can hold (still invisible until that row is written).
    func finish() async throws -> RecordBlob
    /// Removes what was received (a refused or abandoned upload), unless `finish` handed it on.
    func discard() async
}

/// A durable record body that a row names: a file of `records/` (SQLite) or an upload's chunks (PostgreSQL).
struct RecordBlob: Sendable, Equatable {
    let name: String
    let size: Int64
}

/// What a read needs before the body: the version (`ETag`), the size, and the bytes or the blob holding them.
struct RecordHead: Sendable {
    let version: String
    let size: Int64
    let inline: ByteBuffer?
    let blob: RecordBlob?

    init(version: String, inline: ByteBuffer) {
        self.version = version
        self.size = Int64(inline.readableBytes)
        self.inline = inline
        self.blob = nil
    }

    init(version: String, blob: RecordBlob) {
        self.version = version
        self.size = blob.size
        self.inline = nil
        self.blob = blob
    }
}
