// SPDX-License-Identifier: MIT
import CofferAge
import CofferSharing
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An uploaded link file read as a stream, one range request per window of `windowSize` bytes
/// (`Range: bytes=a-b`, `If-Range: <ETag>` after the first): memory stays one window whatever the file's size,
/// the reader's pace is the download's pace, and a connection dropped mid-window costs only that window, asked
/// again (up to `LinkStorage.attempts` times). Only whole windows are handed on, each checked to be exactly the
/// range asked for, of the same file (`Content-Range` total and `ETag` unchanged since the first answer). The
/// first request starts at byte 0, so it is the one open a download limit counts (Spec/server.md §5.2).
///
/// The bytes are the server's, so unverified: the age and link readers reading from this source authenticate
/// every payload chunk before releasing its plaintext.
public final class RemoteLinkSource: ByteSource {
    /// 64 age payload chunks (64 KiB + 16-byte tag each).
    public static let windowSize = 64 * 65_552

    let storage: LinkStorage
    let lookupID: LinkLookupID
    /// The file's size and entity tag as the first answer gave them.
    public private(set) var size: UInt64 = 0
    private(set) var etag: String?
    /// Windows asked again after an attempt without a complete answer.
    public private(set) var retries = 0

    private var window: [UInt8] = []
    private var position = 0
    /// The file offset of the next window.
    private var next: UInt64 = 0
    private var known = false

    init(storage: LinkStorage, lookupID: LinkLookupID) throws(LinkRemoteError) {
        self.storage = storage
        self.lookupID = lookupID
        try fetch()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position == window.count {
            guard next < size else { return 0 }
            try fetch()
        }
        let count = min(buffer.count, window.count - position)
        window.withUnsafeBytes { bytes in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + position, byteCount: count)
        }
        position += count
        return count
    }

    /// Fetches the window at `next`, retrying an attempt without a complete answer.
    private func fetch() throws(LinkRemoteError) {
        let start = next
        let end = known ? min(start + UInt64(Self.windowSize), size) - 1 : start + UInt64(Self.windowSize) - 1
        var request = storage.request("GET", lookupID)
        request.setValue("bytes=\(start)-\(end)", forHTTPHeaderField: "Range")
        if let etag { request.setValue(etag, forHTTPHeaderField: "If-Range") }
        let (reply, retried) = try storage.exchange(request, limit: Self.windowSize)
        if retried { retries += 1 }
        switch reply.status {
        case 206: try accept(reply, start: start, end: end)
        case 200 where !known:
            // A server that ignores Range sends the whole file: acceptable while it fits in one window.
            guard let tag = reply.header("ETag") else { throw .unexpectedAnswer(operation: "download", status: 200) }
            (etag, size, known) = (tag, UInt64(reply.body.count), true)
            (window, position, next) = (reply.body, 0, size)
        case 200: throw .changedDuringDownload(lookupID: lookupID.urlText)
        case 404: throw .notFound(lookupID: lookupID.urlText)
        case 410: throw .gone(lookupID: lookupID.urlText)
        default: throw .unexpectedAnswer(operation: "download", status: reply.status)
        }
    }

    /// A `206` must be `bytes start-end/size` (the end cut to the size on the first answer) with its `ETag`.
    private func accept(_ reply: HTTPExchange.Reply, start: UInt64, end: UInt64) throws(LinkRemoteError) {
        guard let range = reply.header("Content-Range").flatMap(Self.contentRange), let tag = reply.header("ETag"),
            range.first == start, range.last >= range.first, range.total > range.last
        else { throw .unexpectedAnswer(operation: "download", status: 206) }
        if known {
            guard tag == etag, range.total == size else { throw .changedDuringDownload(lookupID: lookupID.urlText) }
            guard range.last == end else { throw .unexpectedAnswer(operation: "download", status: 206) }
        } else {
            guard range.last == min(end, range.total - 1) else {
                throw .unexpectedAnswer(operation: "download", status: 206)
            }
            (etag, size, known) = (tag, range.total, true)
        }
        guard UInt64(reply.body.count) == range.last - range.first + 1 else {
            throw .unexpectedAnswer(operation: "download", status: 206)
        }
        (window, position, next) = (reply.body, 0, range.last + 1)
    }

    /// `bytes a-b/total` → (a, b, total); nil for anything else.
    static func contentRange(_ text: String) -> (first: UInt64, last: UInt64, total: UInt64)? {
        guard text.hasPrefix("bytes ") else { return nil }
        let parts = text.dropFirst(6).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let total = UInt64(parts[1]) else { return nil }
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = UInt64(bounds[0]), let last = UInt64(bounds[1]) else { return nil }
        return (first, last, total)
    }
}
