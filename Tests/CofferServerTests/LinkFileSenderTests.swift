// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import Testing

@testable import CofferServer

#if canImport(Glibc)
    import Glibc
#endif

/// Spec/server.md §4.2: on `coffer serve`'s connections a link file the page cache holds is sent with `sendfile`
/// (`LinkFileSender`); the answers are byte for byte those of the buffered path, one after another on a kept-alive
/// connection, and a long download outlives the idle timeout while its client reads.
@Suite struct LinkFileSenderTests {
    static let uri = "/v1/links/AAECAwQFBgcICQoLDA0ODw"

    static func limits(idle: Int = 30) -> ServerLimits {
        ServerLimits(
            maxRecordBytes: 1 << 20, maxLinkBytes: 64 << 20, idleTimeoutSeconds: idle, anonymousLinkUploads: true)
    }

    /// Whole, ranged (one chunk or less, and longer), `HEAD`, an unknown id and a whole read again, all on one
    /// connection: every answer has its exact bytes, none carries a byte of another.
    @Test(arguments: ServerBackend.all)
    func answersOnOneConnectionCarryTheirExactBytes(backend: ServerBackend) async throws {
        let file = SecureRandom.bytes(count: 300_000)
        try await TestServer(backend, limits: Self.limits()).serve { port, _ in
            try await blocking {
                let connection = try BinaryConnection(port: port)
                let created = try connection.exchange("PUT", Self.uri, body: file)
                #expect(created.status == 201)
                let whole = try connection.exchange("GET", Self.uri)
                #expect(whole.status == 200 && whole.body == file)
                let small = try connection.exchange("GET", Self.uri, headers: ["Range: bytes=65536-131071"])
                #expect(small.status == 206 && small.body == Array(file[65536...131071]))
                let long = try connection.exchange("GET", Self.uri, headers: ["Range: bytes=1000-"])
                #expect(long.status == 206 && long.body == Array(file[1000...]))
                let head = try connection.exchange("HEAD", Self.uri)
                #expect(head.status == 200 && head.body.isEmpty && head.length == file.count)
                let unknown = try connection.exchange("GET", "/v1/links/BBECAwQFBgcICQoLDA0ODw")
                #expect(unknown.status == 404)
                let again = try connection.exchange("GET", Self.uri)
                #expect(again.status == 200 && again.body == file)
            }
        }
    }

    /// A download longer than the idle timeout, to a client that reads steadily but slowly (a small receive
    /// buffer, so the socket cannot take the file at once), is complete: the connection is answering a request
    /// until the socket has taken the last byte. SQLite only: `sendfile` serves the blob directory's files
    /// (PostgreSQL's are chunks in rows, written a chunk at a time as before), and a 24 MiB upload into
    /// PostgreSQL can take longer than this test's 1 s idle timeout.
    @Test func aSlowButReadingClientGetsTheWholeFile() async throws {
        let file = SecureRandom.bytes(count: 24 << 20)
        try await TestServer(.sqlite, limits: Self.limits(idle: 1)).serve { port, _ in
            try await blocking {
                let upload = try BinaryConnection(port: port)
                #expect(try upload.exchange("PUT", Self.uri, body: file).status == 201)
                let started = Date()
                let slow = try BinaryConnection(port: port, receiveBuffer: 64 << 10)
                let answer = try slow.exchange("GET", Self.uri, pause: 0.004)
                #expect(Date().timeIntervalSince(started) > 1.2, "the download should outlast the idle timeout")
                #expect(answer.status == 200 && answer.body.count == file.count && answer.body == file)
            }
        }
    }

    /// `isCached` says whether the page cache holds every byte of a range: a file just written does; one
    /// dropped from the cache (written back, then `POSIX_FADV_DONTNEED`) does not; ranges past the end never.
    @Test func isCachedFollowsThePageCache() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("link-\(UUID().uuidString)").path
        defer { unlink(path) }
        let bytes = SecureRandom.bytes(count: 1 << 20)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let file = try #require(try await LinkFile.open(path))
        #expect(file.isCached(0...(1 << 20) - 1))
        #expect(file.isCached(4097...4097))
        #expect(!file.isCached(0...(1 << 20)))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        #expect(fsync(descriptor) == 0)
        #expect(posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0)
        #expect(!file.isCached(0...(1 << 20) - 1))

        let emptyPath = path + "-empty"
        defer { unlink(emptyPath) }
        #expect(FileManager.default.createFile(atPath: emptyPath, contents: Data()))
        let empty = try #require(try await LinkFile.open(emptyPath))
        #expect(!empty.isCached(0...0))
    }
}

/// A blocking HTTP/1.1 client on one kept-alive loopback connection, reading answers as bytes.
final class BinaryConnection: @unchecked Sendable {
    struct Answer {
        let status: Int
        let length: Int
        let body: [UInt8]
        /// The header lines, as sent.
        var headers: [String] = []
    }

    let socket: Int32
    private var pending: [UInt8] = []

    /// `receiveBuffer`: the socket's receive buffer (`SO_RCVBUF`), set before connecting.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    /// Sends one request and reads its answer; `pause` seconds between reads of the body (a slow reader).
    func exchange(
        _ method: String, _ uri: String, headers: [String] = [], body: [UInt8] = [], pause: Double = 0
    ) throws -> Answer {
        try send(Self.request(method, uri, headers: headers, body: body))
        return try answer(to: method, pause: pause)
    }

    /// The bytes of one request.
    static func request(_ method: String, _ uri: String, headers: [String] = [], body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(uri) HTTP/1.1\r\nHost: localhost\r\n"
        if method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        for header in headers { head += header + "\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// Reads the next answer, to a request of `method`.
    func answer(to method: String, pause: Double = 0) throws -> Answer {
        while Self.headEnd(pending) == nil { try receive() }
        guard let end = Self.headEnd(pending) else { throw POSIXError(.EPROTO) }
        let lines = String(decoding: pending[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        pending.removeFirst(end + 4)
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let length =
            lines.lazy.compactMap { line -> Int? in
                guard line.lowercased().hasPrefix("content-length:") else { return nil }
                return Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        let bodyLength = method == "HEAD" ? 0 : length
        while pending.count < bodyLength {
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            try receive()
        }
        let received = Array(pending.prefix(bodyLength))
        pending.removeFirst(bodyLength)
        return Answer(status: status, length: length, body: received, headers: Array(lines.dropFirst()))
    }

    /// Whether the server closed the connection (a read finds its end) with no byte left to read.
    func isClosedByServer() -> Bool {
        guard pending.isEmpty else { return false }
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, 0) == 0
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw POSIXError(.EPIPE) }
            offset += sent
        }
    }

    private func receive() throws {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw POSIXError(.ECONNRESET) }
        pending += buffer.prefix(count)
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
