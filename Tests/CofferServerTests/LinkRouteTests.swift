// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import CofferServer

/// `/v1/links/{lookupID}` (Spec/server.md §5.2), the contract the browser opener reads: whole and ranged reads
/// with their headers, `If-Range`, CORS, `404` for unknown ids, `410` past expiry or the download limit (counted
/// per open, not per range), and create-only uploads.
@Suite struct LinkRouteTests {
    static let id = "AAECAwQFBgcICQoLDA0ODw"
    static let uri = "/v1/links/\(id)"
    static let file = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    static let limit = HTTPField.Name("Coffer-Link-Download-Limit")!
    static let expires = HTTPField.Name("Coffer-Link-Expires")!

    final class Clock: Sendable {
        let value = Mutex<Int64>(1_000)
        var now: @Sendable () -> Int64 { { [self] in value.withLock { $0 } } }
        func set(_ time: Int64) { value.withLock { $0 = time } }
    }

    func upload(_ client: any TestClientProtocol, _ headers: HTTPFields = [:], bytes: [UInt8] = Self.file)
        async throws -> TestResponse
    {
        try await client.signed(
            TestAccount(seed: 1), uri: Self.uri, method: .put, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    @Test(arguments: ServerBackend.all)
    func wholeAndRangedReadsCarryTheContractHeaders(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, _ in
            let created = try await upload(client)
            #expect(created.status == .created)
            let etag = try #require(created.headers[.eTag])
            let whole = try await client.execute(uri: Self.uri, method: .get)
            #expect(whole.status == .ok && Array(whole.body.readableBytesView) == Self.file)
            #expect(whole.headers[.contentType] == "application/octet-stream")
            #expect(whole.headers[.eTag] == etag && whole.headers[.acceptRanges] == "bytes")
            #expect(whole.headers[.contentLength] == "5000")
            #expect(whole.headers[.accessControlAllowOrigin] == "*")
            #expect(
                whole.headers[.accessControlExposeHeaders] == "ETag, Content-Range, Content-Length, Accept-Ranges")
            let part = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=100-199"])
            #expect(part.status == .partialContent && part.headers[.contentRange] == "bytes 100-199/5000")
            #expect(Array(part.body.readableBytesView) == Array(Self.file[100...199]))
            let suffix = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=-10"])
            #expect(suffix.headers[.contentRange] == "bytes 4990-4999/5000")
            let open = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=4000-"])
            #expect(open.body.readableBytes == 1000)
            let beyond = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=5000-"])
            #expect(beyond.status == .rangeNotSatisfiable && beyond.headers[.contentRange] == "bytes */5000")
            let stale = try await client.execute(
                uri: Self.uri, method: .get, headers: [.range: "bytes=0-9", .ifRange: "\"other\""])
            #expect(stale.status == .ok && stale.body.readableBytes == 5000)
            let fresh = try await client.execute(
                uri: Self.uri, method: .get, headers: [.range: "bytes=0-9", .ifRange: etag])
            #expect(fresh.status == .partialContent && fresh.body.readableBytes == 10)
            let head = try await client.execute(uri: Self.uri, method: .head, headers: [.range: "bytes=10-19"])
            #expect(head.status == .partialContent && head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == "10" && head.headers[.eTag] == etag)
            let preflight = try await client.execute(uri: Self.uri, method: .options)
            #expect(preflight.headers[.accessControlAllowHeaders] == "Range, If-Range")
        }
    }

    /// A file of several 256 KiB PostgreSQL chunks (one file on SQLite): ranges within a chunk, across a chunk
    /// boundary, on the last byte of a chunk, the suffix, and the whole file read back exactly.
    @Test(arguments: ServerBackend.all)
    func rangesAcrossChunkBoundariesReadBackExactly(backend: ServerBackend) async throws {
        let big = (0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
        try await TestServer(backend).test { client, _ in
            #expect(try await upload(client, bytes: big).status == .created)
            let whole = try await client.execute(uri: Self.uri, method: .get)
            #expect(Array(whole.body.readableBytesView) == big)
            for (first, last) in [(10, 99), (262_000, 262_300), (262_143, 262_144), (524_287, 524_287), (0, 699_999)] {
                let part = try await client.execute(
                    uri: Self.uri, method: .get, headers: [.range: "bytes=\(first)-\(last)"])
                #expect(part.status == .partialContent)
                #expect(Array(part.body.readableBytesView) == Array(big[first...last]), "\(first)-\(last)")
            }
            let suffix = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=-10"])
            #expect(Array(suffix.body.readableBytesView) == Array(big[699_990...]))
        }
    }

    /// Unknown, malformed and never-uploaded ids answer alike.
    @Test(
        arguments: ServerBackend.all,
        ["BBECAwQFBgcICQoLDA0ODw", "AAECAwQFBgcICQoLDA0ODx", "short", "AAECAwQFBgcICQoLDA0OD%2F"])
    func unknownIdsAre404(backend: ServerBackend, id: String) async throws {
        try await TestServer(backend).test { client, _ in
            _ = try await upload(client)
            let response = try await client.execute(uri: "/v1/links/\(id)", method: .get)
            #expect(response.status == .notFound, "\(id)")
        }
    }

    @Test(arguments: ServerBackend.all)
    func anUploadIsCreateOnlyAndARetryIsAccepted(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            let first = try await upload(client, [Self.limit: "3"])
            #expect(first.status == .created)
            let retry = try await upload(client, [Self.limit: "3"])
            #expect(retry.status == .ok && retry.headers[.eTag] == first.headers[.eTag])
            #expect(try await upload(client, [Self.limit: "4"]).status == .preconditionFailed)
            #expect(try await upload(client, [Self.limit: "3"], bytes: [1, 2, 3]).status == .preconditionFailed)
            let whole = try await client.execute(uri: Self.uri, method: .get)
            #expect(Array(whole.body.readableBytesView) == Self.file)
            #expect(try await store.link(Self.id)?.downloadLimit == 3)
        }
    }

    @Test(arguments: ServerBackend.all)
    func anOversizedUploadIsRefusedAndNothingIsStored(backend: ServerBackend) async throws {
        let server = try await TestServer(backend, limits: ServerLimits(maxRecordBytes: 1024, maxLinkBytes: 4096))
        try await server.test { (client: any TestClientProtocol, store: any ServerStore) async throws in
            #expect(try await upload(client).status == .contentTooLarge)
            #expect(try await store.link(Self.id) == nil)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .notFound)
            #expect(try await server.storedUploads() == 0)
        }
    }

    @Test(arguments: ServerBackend.all)
    func aLinkPastItsExpiryIsGone(backend: ServerBackend) async throws {
        let clock = Clock()
        try await TestServer(backend).test(now: clock.now) {
            (client: any TestClientProtocol, _: any ServerStore) async throws in
            #expect(try await upload(client, [Self.expires: "2000"]).status == .created)
            clock.set(1999)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            clock.set(2000)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .gone)
            #expect(try await client.execute(uri: Self.uri, method: .head).status == .gone)
        }
    }

    /// Limit 2: ranges that do not start at 0 and HEADs are not opens; the third open is `410`; resuming the last
    /// open is served for 15 minutes after it, then `410`.
    @Test(arguments: ServerBackend.all)
    func theDownloadLimitCountsOpensNotRanges(backend: ServerBackend) async throws {
        let clock = Clock()
        try await TestServer(backend).test(now: clock.now) {
            (client: any TestClientProtocol, store: any ServerStore) async throws in
            #expect(try await upload(client, [Self.limit: "2"]).status == .created)
            for _ in 0..<3 {
                let part = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=100-"])
                #expect(part.status == .partialContent)
                #expect(try await client.execute(uri: Self.uri, method: .head).status == .ok)
            }
            #expect(try await store.link(Self.id)?.downloads == 0)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .ok)
            let second = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=0-99"])
            #expect(second.status == .partialContent)
            #expect(try await client.execute(uri: Self.uri, method: .get).status == .gone)
            #expect(try await store.link(Self.id)?.downloads == 2)
            clock.set(1000 + 15 * 60)
            let resume = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=100-"])
            #expect(resume.status == .partialContent)
            clock.set(1001 + 15 * 60)
            let late = try await client.execute(uri: Self.uri, method: .get, headers: [.range: "bytes=100-"])
            #expect(late.status == .gone)
        }
    }

    @Test(arguments: ServerBackend.all)
    func malformedTermsAreRefused(backend: ServerBackend) async throws {
        try await TestServer(backend).test {
            (client: any TestClientProtocol, store: any ServerStore) async throws in
            #expect(try await upload(client, [Self.limit: "0"]).status == .badRequest)
            #expect(try await upload(client, [Self.limit: "-1"]).status == .badRequest)
            #expect(try await upload(client, [Self.expires: "soon"]).status == .badRequest)
            #expect(try await store.link(Self.id) == nil)
        }
    }
}
