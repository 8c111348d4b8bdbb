// SPDX-License-Identifier: MIT
import Hummingbird
import NIOCore

/// Where link files' bytes live (Spec/server.md §4.2, §4.3): the blob directory beside SQLite, or chunks in
/// PostgreSQL. An upload streams to a place no reader looks at; `commit` makes the file and its metadata visible
/// together or not at all, so a half-uploaded link is never served.
protocol LinkFileStore: Sendable {
    /// Starts receiving a link file for `lookupID`; nothing is visible until its `commit`.
    func beginUpload(_ lookupID: String) async throws -> any LinkFileUpload
    /// The committed link of `lookupID`, ready to serve: its metadata and its bytes; nil if there is none.
    func source(_ lookupID: String) async throws -> LinkSource?
    /// Removes the bytes of a link whose row `ServerStore.deleteLink` just removed (a revoke), if they remain.
    func removeFile(_ lookupID: String) async
}

/// A committed link to serve: what the server knows of it, and its bytes `range` as a response body; `file` when
/// its bytes are a file of the blob directory stored as they are sent (`LinkFileSender` sends them from it).
struct LinkSource: Sendable {
    let metadata: LinkMetadata
    var file: LinkFile?
    let body: @Sendable (_ range: ClosedRange<Int64>) async throws -> ResponseBody

    init(
        metadata: LinkMetadata, file: LinkFile? = nil,
        body: @escaping @Sendable (_ range: ClosedRange<Int64>) async throws -> ResponseBody
    ) {
        self.metadata = metadata
        self.file = file
        self.body = body
    }
}

/// One link file being received. `discard` (or dropping it uncommitted) leaves nothing a reader can see.
protocol LinkFileUpload: AnyObject, Sendable {
    /// Bytes received so far.
    var size: Int64 { get }
    /// Appends the next part of the body.
    func write(_ buffer: ByteBuffer) async throws
    /// Makes the file visible under its lookup id with `metadata`, if the id is free.
    func commit(_ metadata: LinkMetadata) async throws -> LinkCommit
    /// Removes what was received (an abandoned or refused upload).
    func discard() async
}

/// What a committed upload became (Spec/server.md §5.2, create-only).
enum LinkCommit: Equatable {
    /// Stored under a free lookup id: `201` with this entity tag.
    case created(etag: String)
    /// The same bytes and terms were already stored (a retry after a lost answer): `200` with the first tag.
    case retried(etag: String)
    /// Other bytes or terms hold the lookup id: `412`, nothing changed.
    case conflict
}
