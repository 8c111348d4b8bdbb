// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

#if canImport(Glibc)
    import Glibc
#endif

/// Spec/server.md §6.3: per-address rate limits (failed link lookups especially), header size, idle and
/// slow-client timeouts. Each with the expected answer and nothing stored.
@Suite struct LimitTests {
    static let alice = TestAccount(seed: 1)

    /// The limiter counts in fixed one-minute windows: a test that counts requests against a limit runs in one
    /// fixed minute, so its count cannot start again however slowly the machine runs it.
    static let oneMinute: @Sendable () -> Int64 = { 1_800_000_000 }

    @Test(arguments: ServerBackend.all)
    func failedLinkLookupsAreRateLimitedPerAddress(backend: ServerBackend) async throws {
        let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, failuresPerMinute: 5)
        try await TestServer(backend, limits: limits, rateClock: Self.oneMinute).test { client, _ in
            let uri = "/v1/links/AAAAAAAAAAAAAAAAAAAAAA"
            #expect(
                try await client.signed(Self.alice, uri: uri, method: .put, body: ByteBuffer("age")).status
                    == .created)
            for guess in 0..<5 {
                let id = String(repeating: "B", count: 21) + String("ABCDE".map { $0 }[guess])
                #expect(try await client.execute(uri: "/v1/links/\(id)", method: .get).status == .notFound)
            }
            // Past the limit even a good lookup is refused for the rest of the minute.
            let refused = try await client.execute(uri: uri, method: .get)
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "60")
        }
    }

    @Test(arguments: ServerBackend.all)
    func requestsAreRateLimitedPerAddress(backend: ServerBackend) async throws {
        let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, requestsPerMinute: 3)
        try await TestServer(backend, limits: limits, rateClock: Self.oneMinute).test { client, store in
            for index in 0..<3 {
                let status = try await client.signed(
                    Self.alice, uri: "/v1/vaults/team/records/00a\(index).list", method: .put,
                    headers: [.ifNoneMatch: "*"], body: ByteBuffer("x")
                ).status
                #expect(status == .created)
            }
            let refused = try await client.signed(
                Self.alice, uri: "/v1/vaults/team/records/00ff.list", method: .put, headers: [.ifNoneMatch: "*"],
                body: ByteBuffer("x"))
            #expect(refused.status == .tooManyRequests)
            #expect(try await store.recordIDs(vault: "team").count == 3)
        }
    }

    /// A request head over the limit is refused without reaching a route.
    @Test(arguments: ServerBackend.all)
    func anOversizedHeaderIsRefused(backend: ServerBackend) async throws {
        let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, maxHeaderBytes: 4096)
        try await TestServer(backend, limits: limits).serve { port, store in
            let uri = "/v1/vaults/team/records/00aa.list"
            var headers = Self.alice.headers(.put, uri, body: Array("x".utf8), covering: [.ifNoneMatch: "*"])
            headers[HTTPField.Name("X-Padding")!] = String(repeating: "p", count: 8192)
            let padded = headers
            let answer = try await blocking {
                try RawConnection(port: port).exchange(Self.head("PUT", uri, padded, length: 1) + "x")
            }
            #expect(!answer.hasPrefix("HTTP/1.1 2"), "\(answer)")
            #expect(try await store.recordIDs(vault: "team").isEmpty)
        }
    }

    /// A client that announces a body and then trickles it is cut off (`408` or the connection closed) once the
    /// grace period is over; nothing is stored.
    @Test(arguments: ServerBackend.all)
    func aSlowBodyIsCutOffAndNothingIsStored(backend: ServerBackend) async throws {
        let limits = ServerLimits(
            maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, idleTimeoutSeconds: 30, minBodyBytesPerSecond: 1 << 20,
            slowBodyGraceSeconds: 1)
        try await TestServer(backend, limits: limits).serve { port, store in
            let uri = "/v1/vaults/team/records/00aa.list"
            let body = [UInt8](repeating: 7, count: 200)
            let headers = Self.alice.headers(.put, uri, body: body, covering: [.ifNoneMatch: "*"])
            let started = Date()
            let answer = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.send(Self.head("PUT", uri, headers, length: body.count))
                for index in 0..<20 {
                    guard (try? connection.send(String(repeating: "\u{7}", count: 10))) != nil else { break }
                    _ = index
                    Thread.sleep(forTimeInterval: 0.2)
                }
                return connection.receiveAll()
            }
            #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(try await store.recordIDs(vault: "team").isEmpty)
        }
    }

    /// A request head dribbled byte by byte (never silent long enough for the idle timeout: slowloris) is cut off
    /// at the head deadline with `408` and the connection closed; nothing is stored. A connection silent before its
    /// request is not cut off: the deadline starts with the request's first byte.
    @Test(arguments: ServerBackend.all)
    func aSlowRequestHeadIsCutOffAndNothingIsStored(backend: ServerBackend) async throws {
        let limits = ServerLimits(
            maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, idleTimeoutSeconds: 30, headTimeoutSeconds: 1)
        try await TestServer(backend, limits: limits).serve { port, store in
            let uri = "/v1/vaults/team/records/00aa.list"
            let headers = Self.alice.headers(.put, uri, body: Array("x".utf8), covering: [.ifNoneMatch: "*"])
            let request = Array((Self.head("PUT", uri, headers, length: 1) + "x").utf8)
            let started = Date()
            let (answer, sent) = try await blocking {
                let connection = try RawConnection(port: port)
                var sent = 0
                for byte in request {
                    guard !connection.hasAnswer(), (try? connection.send([byte])) != nil else { break }
                    sent += 1
                    Thread.sleep(forTimeInterval: 0.05)
                }
                return (connection.receiveAll(), sent)
            }
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(sent < request.count, "the whole request was sent before the server answered")
            #expect(Date().timeIntervalSince(started) < 8)
            #expect(try await store.recordIDs(vault: "team").isEmpty)
            // Silent for longer than the head deadline, then the whole request at once: served.
            let fresh = Self.alice.headers(.put, uri, body: Array("x".utf8), covering: [.ifNoneMatch: "*"])
            let served = try await blocking {
                let connection = try RawConnection(port: port)
                Thread.sleep(forTimeInterval: 1.5)
                return try connection.exchange(Self.head("PUT", uri, fresh, length: 1) + "x")
            }
            #expect(served.hasPrefix("HTTP/1.1 201"), "\(served)")
        }
    }

    /// A connection that goes silent mid-request is closed after the idle timeout; nothing is stored.
    @Test(arguments: ServerBackend.all)
    func aSilentClientIsClosedAfterTheIdleTimeout(backend: ServerBackend) async throws {
        let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, idleTimeoutSeconds: 1)
        try await TestServer(backend, limits: limits).serve { port, store in
            let uri = "/v1/vaults/team/records/00aa.list"
            let headers = Self.alice.headers(.put, uri, body: Array("xy".utf8), covering: [.ifNoneMatch: "*"])
            let started = Date()
            let answer = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.send(Self.head("PUT", uri, headers, length: 2) + "x")
                return connection.receiveAll()
            }
            let waited = Date().timeIntervalSince(started)
            #expect(!answer.hasPrefix("HTTP/1.1 2"), "\(answer)")
            #expect(waited >= 0.9 && waited < 10, "\(waited)")
            #expect(try await store.recordIDs(vault: "team").isEmpty)
        }
    }

    static func head(_ method: String, _ uri: String, _ headers: HTTPFields, length: Int) -> String {
        var text = "\(method) \(uri) HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(length)\r\n"
        for field in headers { text += "\(field.name.rawName): \(field.value)\r\n" }
        return text + "\r\n"
    }
}

/// A plain TCP connection to the loopback server, for requests no HTTP client would send.
final class RawConnection: @unchecked Sendable {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Whether the server has sent something (or closed the connection), without waiting.
    func hasAnswer() -> Bool {
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) >= 0
    }

    /// What the server sends until a response (its head, and the body its `Content-Length` announces) is
    /// complete or it closes the connection (or 15 s pass).
    func receiveAll() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !Self.isComplete(String(decoding: received, as: UTF8.self)) {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer.prefix(count)
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func isComplete(_ text: String) -> Bool {
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let length =
            text[..<end.lowerBound].components(separatedBy: "\r\n").lazy.compactMap { line -> Int? in
                guard line.lowercased().hasPrefix("content-length:") else { return nil }
                return Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        return text[end.upperBound...].utf8.count >= length
    }

    func exchange(_ text: String) throws -> String {
        try send(text)
        return receiveAll()
    }
}
