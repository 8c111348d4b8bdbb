// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import CofferServer

/// The blob-directory backend keeps link metadata in memory (`LinkMetadataCache`, Spec/server.md §5.2) and reads
/// link files a chunk at a time (`LinkFile`): a revoked link is `404` at once and a link uploaded again under the
/// same lookup id serves its new bytes and tag, whether the revoke went through this server or through another
/// process on the same data directory; a row deleted behind the server's back is seen within the cache's lifetime.
@Suite struct LinkMetadataCacheTests {
    static let id = LinkRouteTests.id
    static let uri = LinkRouteTests.uri
    static let token = [UInt8](repeating: 0x5A, count: 32)
    static let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, anonymousLinkUploads: true)

    /// Monotonic nanoseconds the test moves by hand.
    final class Clock: Sendable {
        let value = Mutex<UInt64>(1_000_000_000)
        var now: @Sendable () -> UInt64 { { [self] in value.withLock { $0 } } }
        func advance(seconds: UInt64) { value.withLock { $0 += seconds * 1_000_000_000 } }
    }

    /// A server on the data directory of `server` (SQLite and blobs) with a cache on `clock`; another call on the
    /// same directory is another process as far as caches go (its own cache and SQLite connection).
    static func serving<Value: Sendable>(
        _ server: TestServer, clock: Clock = Clock(),
        _ body: @Sendable (any TestClientProtocol, DirectoryLinkFiles) async throws -> Value
    ) async throws -> Value {
        let store = try await CofferServer.openStore(server.configuration)
        let blobs = try BlobDirectory(path: server.directory.appendingPathComponent("blobs").path)
        let files = DirectoryLinkFiles(blobs: blobs, store: store, cache: LinkMetadataCache(clock: clock.now))
        let storage = ServerStorage(store: store, files: files, close: { try await store.close() })
        let router = try CofferServer.router(server.configuration, storage: storage, origins: server.origins)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil))
        let result: Result<Value, any Error>
        do {
            result = .success(try await app.test(.router) { client in try await body(client, files) })
        } catch {
            result = .failure(error)
        }
        try await storage.close()
        return try result.get()
    }

    static func upload(_ client: any TestClientProtocol, _ bytes: [UInt8]) async throws -> TestResponse {
        let hash = LinkRevocationRouteTests.hex(SHA256.hash(token))
        return try await client.execute(
            uri: uri, method: .put, headers: [LinkRevocationRouteTests.hashHeader: hash], body: ByteBuffer(bytes: bytes)
        )
    }

    static func revoke(_ client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .delete,
            headers: [LinkRevocationRouteTests.tokenHeader: LinkRevocationRouteTests.hex(token)])
    }

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    @Test func aRevokeThroughThisServerIsSeenAtOnceAndANewUploadServesItsOwnBytes() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let first = Self.bytes(5000, seed: 1)
        let second = Self.bytes(4000, seed: 2)
        try await Self.serving(server) { client, files in
            let created = try await Self.upload(client, first)
            #expect(created.status == .created)
            let read = try await client.execute(uri: Self.uri, method: .get)
            #expect(Array(read.body.readableBytesView) == first && read.headers[.eTag] == created.headers[.eTag])
            #expect(files.cache.count == 1, "the first read keeps the row")
            let revoked = try await Self.revoke(client)
            #expect(revoked.status == .noContent)
            let gone = try await client.execute(uri: Self.uri, method: .get)
            #expect(gone.status == .notFound)
            let again = try await Self.upload(client, second)
            #expect(again.status == .created && again.headers[.eTag] != created.headers[.eTag])
            let reread = try await client.execute(uri: Self.uri, method: .get)
            #expect(reread.status == .ok && Array(reread.body.readableBytesView) == second)
            #expect(reread.headers[.eTag] == again.headers[.eTag] && reread.headers[.contentLength] == "4000")
        }
    }

    @Test func aRevokeAndANewUploadThroughAnotherProcessAreSeenAtOnce() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let first = Self.bytes(5000, seed: 1)
        let second = Self.bytes(5000, seed: 3)
        try await Self.serving(server) { writer, _ in
            let created = try await Self.upload(writer, first)
            #expect(created.status == .created)
            try await Self.serving(server) { reader, files in
                let read = try await reader.execute(uri: Self.uri, method: .get)
                #expect(read.status == .ok && Array(read.body.readableBytesView) == first)
                #expect(files.cache.count == 1)
                // Revoked and uploaded again (same size) by the other process: a new file, which the entry
                // does not match.
                #expect(try await Self.revoke(writer).status == .noContent)
                #expect(try await reader.execute(uri: Self.uri, method: .get).status == .notFound)
                let again = try await Self.upload(writer, second)
                #expect(again.status == .created)
                let reread = try await reader.execute(uri: Self.uri, method: .get)
                #expect(reread.status == .ok && Array(reread.body.readableBytesView) == second)
                #expect(reread.headers[.eTag] == again.headers[.eTag] && reread.headers[.eTag] != read.headers[.eTag])
                let head = try await reader.execute(uri: Self.uri, method: .head)
                #expect(head.headers[.eTag] == again.headers[.eTag])
            }
        }
    }

    /// Another process deleted the row and stopped before removing the file: the entry is trusted until its
    /// lifetime ends, then the row is read again and the link is `404`. A server that kept nothing sees it at once.
    @Test func aRowDeletedBehindTheFilesBackIsSeenWhenTheEntryExpires() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let clock = Clock()
        try await Self.serving(server, clock: clock) { client, files in
            #expect(try await Self.upload(client, Self.bytes(5000, seed: 1)).status == .created)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            #expect(try await files.store.deleteLink(Self.id), "the row goes, the file stays (a crash)")
            try await Self.serving(server) { other, _ in
                let fresh = try await other.execute(uri: Self.uri, method: .get)
                #expect(fresh.status == .notFound)
            }
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok, "within the lifetime")
            clock.advance(seconds: 1)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .notFound)
            #expect(files.cache.count == 0)
        }
    }

    /// The kept entry holds the open file: a file removed behind the server's back (its row still there) must not
    /// be served from that descriptor. The `stat` of every read sees the name gone: `404` at once.
    @Test func aFileRemovedBehindTheServersBackIsNotServedFromTheKeptDescriptor() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        try await Self.serving(server) { client, files in
            #expect(try await Self.upload(client, Self.bytes(5000, seed: 1)).status == .created)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            #expect(files.cache.count == 1)
            try FileManager.default.removeItem(atPath: files.blobs.linkPath(Self.id))
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .notFound)
            #expect(files.cache.count == 0)
        }
    }

    /// Expired entries are dropped when another is kept, so the descriptor of a link nobody reads is let go.
    @Test func expiredEntriesAreDroppedWhenAnotherIsKept() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let clock = Clock()
        let other = "AQECAwQFBgcICQoLDA0ODw"
        try await Self.serving(server, clock: clock) { client, files in
            #expect(try await Self.upload(client, Self.bytes(5000, seed: 1)).status == .created)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            #expect(files.cache.count == 1)
            clock.advance(seconds: 2)
            let second = try await client.execute(
                uri: "/v1/links/\(other)", method: .put, body: ByteBuffer(bytes: Self.bytes(300, seed: 2)))
            #expect(second.status == .created)
            #expect(try await client.execute(uri: "/v1/links/\(other)", method: .get).status == .ok)
            #expect(files.cache.count == 1, "the expired entry went when the new one was kept")
            #expect(files.cache.entry(Self.id) == nil && files.cache.entry(other) != nil)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            #expect(files.cache.count == 2)
        }
    }

    /// Link reads stay on the connection's event loop; every other route (uploads, revokes, records) runs where it
    /// may block a thread.
    @Test func onlyLinkReadsStayOnTheEventLoop() {
        func request(_ method: HTTPRequest.Method, _ path: String) -> Request {
            Request(
                head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path),
                body: RequestBody(buffer: ByteBuffer()))
        }
        #expect(BlockingRouteMiddleware.staysOnLoop(request(.get, Self.uri)))
        #expect(BlockingRouteMiddleware.staysOnLoop(request(.head, Self.uri)))
        #expect(BlockingRouteMiddleware.staysOnLoop(request(.options, Self.uri)))
        #expect(!BlockingRouteMiddleware.staysOnLoop(request(.put, Self.uri)))
        #expect(!BlockingRouteMiddleware.staysOnLoop(request(.delete, Self.uri)))
        #expect(!BlockingRouteMiddleware.staysOnLoop(request(.get, "/v1/trees/abc/records/x")))
        #expect(!BlockingRouteMiddleware.staysOnLoop(request(.get, "/v1/linksx")))
    }

    @Test func aLinkWithADownloadLimitIsNeverKept() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        try await Self.serving(server) { client, files in
            let created = try await client.execute(
                uri: Self.uri, method: .put, headers: [LinkRouteTests.limit: "2"],
                body: ByteBuffer(bytes: Self.bytes(100, seed: 1)))
            #expect(created.status == .created)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .gone)
            #expect(files.cache.count == 0)
        }
    }

    /// Ranges that start, end and cross `LinkFile.chunkBytes` boundaries come back byte for byte.
    @Test func rangesAcrossChunksAreExact() async throws {
        let server = try await TestServer(limits: Self.limits)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let chunk = Int(LinkFile.chunkBytes)
        let file = Self.bytes(2 * chunk + 777, seed: 9)
        try await Self.serving(server) { client, _ in
            #expect(try await Self.upload(client, file).status == .created)
            let whole = try await client.execute(uri: Self.uri, method: .get)
            #expect(Array(whole.body.readableBytesView) == file)
            let ranges = [
                0...(chunk - 1), (chunk - 1)...chunk, (chunk - 5)...(2 * chunk + 5), chunk...(2 * chunk - 1),
                (2 * chunk)...(file.count - 1), 17...17,
            ]
            for range in ranges {
                let part = try await client.execute(
                    uri: Self.uri, method: .get, headers: [.range: "bytes=\(range.lowerBound)-\(range.upperBound)"])
                #expect(part.status == .partialContent, "\(range)")
                #expect(Array(part.body.readableBytesView) == Array(file[range]), "\(range)")
            }
        }
    }
}
