// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Synchronization
import Testing

@testable import CofferServer

#if canImport(Glibc)
    import Glibc
#endif

/// Spec/server.md §4.2: a read of a blob-directory link the page cache holds is answered below the routes
/// (`LinkReadResponder`) with the route's status, headers and bytes, whether its row was kept or had to be read;
/// everything the routes must decide is passed on to them; answers keep their requests' order however the requests
/// arrive; the per-address limits count these reads too; rows missed together are read once (`LinkRowLoads`).
@Suite struct LinkReadResponderTests {
    static let uri = LinkFileSenderTests.uri
    static let keptFor: UInt64 = 120_000_000_000

    /// Each read answered below the routes — the first with the row read then, the others with it kept — equals the
    /// route's answer to the same read (sent with a `Connection` header, which the responder passes on): status,
    /// every header but `Date`'s value, and bytes.
    @Test func linkReadsAreAnsweredAsTheRouteAnswersThem() async throws {
        let file = SecureRandom.bytes(count: 300_000)
        let answered = LinkReadResponder.Counter()
        try await TestServer(.sqlite, limits: LinkFileSenderTests.limits()).serve(
            keptFor: Self.keptFor, answered: answered
        ) { port, _ in
            try await blocking {
                let connection = try BinaryConnection(port: port)
                #expect(try connection.exchange("PUT", Self.uri, body: file).status == 201)
                let first = try connection.exchange("HEAD", Self.uri)
                #expect(first.status == 200 && answered.value.load(ordering: .relaxed) == 1)
                let etag = try #require(first.headers.first { $0.lowercased().hasPrefix("etag:") }?.dropFirst(5))
                let reads: [(String, [String], Int, ArraySlice<UInt8>)] = [
                    ("GET", [], 200, file[...]),
                    ("GET", ["Range: bytes=65536-131071"], 206, file[65536...131071]),
                    ("GET", ["Range: bytes=1000-"], 206, file[1000...]),
                    ("GET", ["Range: bytes=-5000"], 206, file[(300_000 - 5000)...]),
                    ("GET", ["Range: bytes=10-20", "If-Range: \"another\""], 200, file[...]),
                    (
                        "GET", ["Range: bytes=10-20", "If-Range: \(etag.trimmingCharacters(in: .whitespaces))"], 206,
                        file[10...20]
                    ),
                    ("HEAD", [], 200, []),
                ]
                for (index, (method, headers, status, bytes)) in reads.enumerated() {
                    let below = try connection.exchange(method, Self.uri, headers: headers)
                    #expect(answered.value.load(ordering: .relaxed) == index + 2, "answered below the routes")
                    let route = try connection.exchange(method, Self.uri, headers: headers + ["Connection: keep-alive"])
                    #expect(answered.value.load(ordering: .relaxed) == index + 2, "answered by the route")
                    #expect(below.status == status && route.status == status)
                    #expect(below.body == Array(bytes) && route.body == Array(bytes))
                    #expect(Self.withoutDate(below.headers) == Self.withoutDate(route.headers))
                    #expect(below.headers.contains { Self.isDate($0) } && route.headers.contains { Self.isDate($0) })
                }
            }
        }
    }

    /// Requests sent at once, before any answer, some answered below the routes (the first longer than a chunk,
    /// which ends only once the socket took it) and some by the routes (an unknown lookup id, whose row is looked
    /// for first, and what follows it while it is answered): every answer comes in request order with its exact
    /// bytes. A connection whose first bytes are not
    /// HTTP still gets the routes' `400`.
    @Test func answersKeepTheOrderOfPipelinedRequests() async throws {
        let file = SecureRandom.bytes(count: 3 << 20)
        let answered = LinkReadResponder.Counter()
        let unknown = "/v1/links/BBECAwQFBgcICQoLDA0ODw"
        try await TestServer(.sqlite, limits: LinkFileSenderTests.limits()).serve(
            keptFor: Self.keptFor, answered: answered
        ) { port, _ in
            try await blocking {
                let connection = try BinaryConnection(port: port, receiveBuffer: 64 << 10)
                #expect(try connection.exchange("PUT", Self.uri, body: file).status == 201)
                #expect(try connection.exchange("HEAD", Self.uri).status == 200)
                // The first two are answered below the routes (the second waits for the first, a long answer, to
                // end); the unknown id goes to the routes, and what follows it goes there too while the routes have
                // not answered it. Every answer is in order whoever gives it.
                let requests: [(String, String, [String])] = [
                    ("GET", Self.uri, []),
                    ("GET", Self.uri, ["Range: bytes=65536-131071"]),
                    ("GET", unknown, []),
                    ("GET", Self.uri, ["Range: bytes=1-"]),
                    ("GET", unknown, []),
                    ("HEAD", Self.uri, []),
                    ("GET", Self.uri, ["Range: bytes=0-0"]),
                ]
                try connection.send(requests.flatMap { BinaryConnection.request($0.0, $0.1, headers: $0.2) })
                let answers = try requests.map { try connection.answer(to: $0.0, pause: 0.001) }
                #expect(answers.map(\.status) == [200, 206, 404, 206, 404, 200, 206])
                #expect(answers[0].body == file)
                #expect(answers[1].body == Array(file[65536...131071]))
                #expect(answers[3].body == Array(file[1...]))
                #expect(answers[5].body.isEmpty && answers[5].length == file.count)
                #expect(answers[6].body == [file[0]])
                #expect(answered.value.load(ordering: .relaxed) >= 3)
                #expect(
                    try connection.exchange("GET", Self.uri, headers: ["Range: bytes=2-3"]).body == Array(file[2...3]))
                let garbage = try BinaryConnection(port: port)
                try garbage.send(Array("NOT HTTP AT ALL\r\n\r\n".utf8))
                #expect(try garbage.answer(to: "GET").status == 400)
            }
        }
    }

    /// What only a route can decide is passed on: an unsatisfiable range (`416`), a link past its expiry (`410`,
    /// though its row is kept), a range the page cache no longer holds (read by the route, same bytes), a
    /// `Connection: close` (answered, then the connection closed), a link with a download limit (its row read, then
    /// passed on: the route counts its opens).
    @Test func whatOnlyARouteDecidesIsPassedOn() async throws {
        let file = SecureRandom.bytes(count: 200_000)
        let answered = LinkReadResponder.Counter()
        let server = try await TestServer(.sqlite, limits: LinkFileSenderTests.limits())
        let limited = "/v1/links/CCECAwQFBgcICQoLDA0ODw"
        let expiring = "/v1/links/DDECAwQFBgcICQoLDA0ODw"
        try await server.serve(keptFor: Self.keptFor, answered: answered) { port, _ in
            try await blocking {
                let connection = try BinaryConnection(port: port)
                let expires = Int64(Date().timeIntervalSince1970) + 4
                #expect(try connection.exchange("PUT", Self.uri, body: file).status == 201)
                #expect(
                    try connection.exchange("PUT", limited, headers: ["Coffer-Link-Download-Limit: 2"], body: file)
                        .status == 201)
                #expect(
                    try connection.exchange("PUT", expiring, headers: ["Coffer-Link-Expires: \(expires)"], body: file)
                        .status == 201)
                #expect(try connection.exchange("HEAD", Self.uri).status == 200)
                #expect(try connection.exchange("HEAD", expiring).status == 200)
                #expect(try connection.exchange("GET", expiring, headers: ["Range: bytes=0-9"]).status == 206)
                #expect(answered.value.load(ordering: .relaxed) == 3)

                let past = try connection.exchange("GET", Self.uri, headers: ["Range: bytes=200000-"])
                #expect(past.status == 416)
                #expect(try connection.exchange("GET", limited).status == 200)
                #expect(try connection.exchange("GET", limited).status == 200)
                #expect(try connection.exchange("GET", limited).status == 410)
                #expect(answered.value.load(ordering: .relaxed) == 3)

                let path = server.directory.appendingPathComponent("blobs/link-\(Self.uri.dropFirst(10))").path
                let descriptor = open(path, O_RDONLY)
                #expect(descriptor >= 0 && posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0)
                close(descriptor)
                let uncached = try connection.exchange("GET", Self.uri, headers: ["Range: bytes=100-199999"])
                #expect(uncached.status == 206 && uncached.body == Array(file[100...]))
                #expect(answered.value.load(ordering: .relaxed) == 3)

                while Int64(Date().timeIntervalSince1970) < expires { Thread.sleep(forTimeInterval: 0.1) }
                #expect(try connection.exchange("GET", expiring, headers: ["Range: bytes=0-9"]).status == 410)
                #expect(answered.value.load(ordering: .relaxed) == 3)

                let closing = try connection.exchange("GET", Self.uri, headers: ["Connection: close"])
                #expect(closing.status == 200 && closing.body == file)
                #expect(connection.isClosedByServer())
                #expect(answered.value.load(ordering: .relaxed) == 3)
            }
        }
    }

    /// The per-address request limit counts reads answered below the routes: past it, the route refuses (`429`).
    @Test func theRequestLimitCountsTheseReads() async throws {
        let file = SecureRandom.bytes(count: 1000)
        let answered = LinkReadResponder.Counter()
        let limits = ServerLimits(
            maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, requestsPerMinute: 6, anonymousLinkUploads: true)
        try await TestServer(.sqlite, limits: limits, rateClock: LimitTests.oneMinute).serve(
            keptFor: Self.keptFor, answered: answered
        ) { port, _ in
            try await blocking {
                let connection = try BinaryConnection(port: port)
                #expect(try connection.exchange("PUT", Self.uri, body: file).status == 201)
                #expect(try connection.exchange("HEAD", Self.uri).status == 200)
                for _ in 0..<4 { #expect(try connection.exchange("GET", Self.uri).body == file) }
                #expect(answered.value.load(ordering: .relaxed) == 5)
                #expect(try connection.exchange("GET", Self.uri).status == 429)
                #expect(answered.value.load(ordering: .relaxed) == 5)
            }
        }
    }

    /// PostgreSQL keeps no link rows (every read takes the row): nothing is answered below the routes.
    @Test func postgresReadsAllGoThroughTheRoutes() async throws {
        guard ServerBackend.all.contains(.postgres) else { return }
        let file = SecureRandom.bytes(count: 1000)
        let answered = LinkReadResponder.Counter()
        try await TestServer(.postgres, limits: LinkFileSenderTests.limits()).serve(answered: answered) { port, _ in
            try await blocking {
                let connection = try BinaryConnection(port: port)
                #expect(try connection.exchange("PUT", Self.uri, body: file).status == 201)
                for _ in 0..<3 { #expect(try connection.exchange("GET", Self.uri).body == file) }
                #expect(answered.value.load(ordering: .relaxed) == 0)
            }
        }
    }

    /// Reads of one lookup id that start while one is in progress wait for it: one read, every caller gets its
    /// result; a read after it is a new one.
    @Test func rowsMissedTogetherAreReadOnce() async throws {
        let reads = Atomic<Int>(0)
        let loads = LinkRowLoads { _ in
            reads.add(1, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(300))
            return nil
        }
        let delivered = Atomic<Int>(0)
        for _ in 0..<50 { loads.load("AAECAwQFBgcICQoLDA0ODw") { _ in delivered.add(1, ordering: .relaxed) } }
        loads.load("BBECAwQFBgcICQoLDA0ODw") { _ in delivered.add(1, ordering: .relaxed) }
        while delivered.load(ordering: .relaxed) < 51 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(reads.load(ordering: .relaxed) == 2 && loads.inProgress == 0)
        loads.load("AAECAwQFBgcICQoLDA0ODw") { _ in delivered.add(1, ordering: .relaxed) }
        while delivered.load(ordering: .relaxed) < 52 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(reads.load(ordering: .relaxed) == 3)
    }

    /// A read the responder could answer but for the pipeline's `LinkFileSender` (not one of `coffer serve`'s
    /// pipelines) is passed on whole, so the route answers it with its bytes; without a body to send, a `HEAD` is
    /// still answered here.
    @Test func withoutASenderTheRouteAnswers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("link").path
        let bytes = [UInt8](repeating: 7, count: 100_000)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let opened = try await LinkFile.open(path)
        let file = try #require(opened)
        let lookupID = String(Self.uri.dropFirst("/v1/links/".count))
        let metadata = LinkMetadata(
            lookupID: lookupID, size: Int64(bytes.count), etag: "\"e\"", expires: nil, downloadLimit: nil)
        #expect(file.isCached(0...Int64(bytes.count - 1)), "a file just written is in the page cache")
        let links = LinkReadResponder.Links(
            kept: { _ in (metadata, file) }, loads: LinkRowLoads { _ in nil },
            limiter: RateLimiter(requestsPerMinute: 1000, failuresPerMinute: 1000, now: { 0 }), now: { 0 })
        for method in [HTTPRequest.Method.get, .head] {
            let channel = EmbeddedChannel(handler: LinkReadResponder(links))
            let head = HTTPRequest(method: method, scheme: nil, authority: nil, path: Self.uri)
            try channel.writeInbound(HTTPRequestPart.head(head))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            let passed = try channel.readInbound(as: HTTPRequestPart.self)
            let answer = try channel.readOutbound(as: HTTPResponsePart.self)
            if method == .get {
                #expect(passed == .head(head) && answer == nil, "\(String(describing: passed))")
            } else {
                #expect(passed == nil, "\(String(describing: passed))")
                guard case .head(let response) = answer else {
                    Issue.record("HEAD not answered: \(String(describing: answer))")
                    continue
                }
                #expect(response.status == .ok && response.headerFields[.contentLength] == "\(bytes.count)")
            }
            _ = try channel.finish(acceptAlreadyClosed: true)
        }
    }

    static func isDate(_ line: String) -> Bool {
        guard line.lowercased().hasPrefix("date: ") else { return false }
        let value = line.dropFirst(6)
        return value.count == 29 && value.hasSuffix(" GMT")
    }

    static func withoutDate(_ lines: [String]) -> [String] {
        lines.filter { !$0.lowercased().hasPrefix("date:") }.map { $0.lowercased() }.sorted()
    }
}
