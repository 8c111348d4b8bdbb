// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferSharing
import Foundation

/// A record's body read front to back in ranged windows (`Range: bytes=a-b`, `206`; Spec/server.md §5.1), so a
/// body of any size streams in constant memory, and a dropped connection costs one window, asked for again. Every
/// window must come from the same record: the same `ETag` and total as the first, exactly the bytes asked for;
/// anything else is `failure`, never bytes from elsewhere. More than `maxSize` bytes in all is `tooLarge` (from
/// the first answer's total, before any byte is used). A server that ignores ranges may answer the first request
/// with the whole body (`200`), bounded by `maxSize` as any read.
final class HTTPRecordReader: ByteSource {
    /// Bytes asked for in one request.
    static let window = 8 << 20
    /// Tries of one window before the read fails (a dropped connection, a server restarting).
    static let attempts = 4

    private let store: HTTPRecordStore
    private let id: RecordID
    private let maxSize: Int
    private var version = ""
    private var total: Int64 = 0
    private var next: Int64 = 0
    private var buffer: [UInt8] = []
    private var position = 0

    /// Reads the first window: `notFound` or `tooLarge` at once.
    init(store: HTTPRecordStore, id: RecordID, maxSize: Int) throws(VaultStoreError) {
        self.store = store
        self.id = id
        self.maxSize = maxSize
        try fetch(first: true)
    }

    func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        if position == buffer.count {
            guard next < total else { return 0 }
            try fetch(first: false)
        }
        let count = min(target.count, buffer.count - position)
        buffer.withUnsafeBytes { bytes in
            target.baseAddress?.copyMemory(from: bytes.baseAddress! + position, byteCount: count)
        }
        position += count
        return count
    }

    private func fetch(first: Bool) throws(VaultStoreError) {
        var reason = ""
        for attempt in 0..<Self.attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.25 * Double(attempt)) }
            let last = next + Int64(Self.window) - 1
            let reply: HTTPExchange.Reply
            do {
                reply = try store.send(
                    "GET", id, headers: ["Range": "bytes=\(next)-\(last)"], limit: first ? maxSize : Self.window)
            } catch {
                guard case .failure(let text) = error.reason else { throw error }
                reason = text
                continue
            }
            try take(reply, first: first)
            return
        }
        throw .failure(reason)
    }

    /// Checks one answer and keeps its bytes.
    private func take(_ reply: HTTPExchange.Reply, first: Bool) throws(VaultStoreError) {
        let what = "reading \(id)"
        guard let etag = reply.header("ETag"), !etag.isEmpty else {
            if reply.status == 404, first { throw .notFound(id) }
            if [200, 206].contains(reply.status) { throw .failure("storage server sent record \(id) without an ETag") }
            throw HTTPRecordStore.unexpected(reply, what)
        }
        guard first || etag == version else { throw .failure("record \(id) changed on the server while it was read") }
        switch reply.status {
        case 200 where first:
            version = etag
            total = Int64(reply.body.count)
            keep(reply.body)
        case 206:
            guard let range = Self.contentRange(reply.header("Content-Range")), range.start == next,
                range.end - range.start + 1 == Int64(reply.body.count), !reply.body.isEmpty,
                first || range.total == total
            else { throw .failure("storage server sent another part of record \(id) than asked for") }
            if first {
                guard range.total <= Int64(maxSize) else {
                    throw .tooLarge(id, size: UInt64(range.total), limit: maxSize)
                }
                version = etag
                total = range.total
            }
            keep(reply.body)
        case 416 where first && reply.header("Content-Range") == "bytes */0":
            version = etag
            total = 0
        case 404 where first: throw .notFound(id)
        default: throw HTTPRecordStore.unexpected(reply, what)
        }
    }

    private func keep(_ bytes: [UInt8]) {
        buffer = bytes
        position = 0
        next += Int64(bytes.count)
    }

    /// `bytes a-b/total`, with a ≤ b < total.
    static func contentRange(_ header: String?) -> (start: Int64, end: Int64, total: Int64)? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        let parts = header.dropFirst("bytes ".count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let total = Int64(parts[1]) else { return nil }
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start >= 0, start <= end,
            end < total
        else { return nil }
        return (start, end, total)
    }
}
