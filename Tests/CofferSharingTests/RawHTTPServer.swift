// SPDX-License-Identifier: MIT
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback TCP listener that answers HTTP requests with whatever bytes the test scripts, for the attacks a
/// well-behaved HTTP server cannot make: a body longer than its `Content-Length` (with a second response smuggled
/// after it), an endless body, a drip of one byte at a time. Each connection is served on its own thread; the
/// script gets the request's number (from 0, over all connections) and head, writes through `send` (false once the
/// client has gone) and says whether to keep the connection open.
final class RawHTTPServer: @unchecked Sendable {
    typealias Script = @Sendable (_ index: Int, _ head: String, _ send: (ArraySlice<UInt8>) -> Bool) -> Bool

    let port: Int
    private let listener: Int32
    private let script: Script
    private let lock = NSLock()
    private var requestCount = 0
    private var connectionCount = 0
    private var written = 0

    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }
    /// Connections accepted, requests read, response bytes the client took.
    var connections: Int { lock.withLock { connectionCount } }
    var requests: Int { lock.withLock { requestCount } }
    var bytesWritten: Int { lock.withLock { written } }

    init(script: @escaping Script) {
        self.script = script
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        precondition(bound, "the raw test server could not listen")
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [weak self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0, let self else { return }
                self.lock.withLock { self.connectionCount += 1 }
                Thread { self.serve(connection) }.start()
            }
        }.start()
    }

    /// Stops listening (connections being served finish on their own).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        while true {
            guard let head = readHead(connection, &buffer) else { return }
            // Drop the request body (the client's writes here are small).
            let declared =
                head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
            while buffer.count < declared {
                guard readMore(connection, &buffer) else { return }
            }
            buffer.removeFirst(declared)
            let index = lock.withLock {
                defer { requestCount += 1 }
                return requestCount
            }
            let keepOpen = script(index, head) { bytes in self.write(connection, bytes) }
            guard keepOpen else { return }
        }
    }

    private func readHead(_ connection: Int32, _ buffer: inout [UInt8]) -> String? {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let range = buffer.firstRange(of: end) {
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            guard readMore(connection, &buffer) else { return nil }
        }
    }

    private func readMore(_ connection: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func write(_ connection: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes
        while !rest.isEmpty {
            let count = rest.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            lock.withLock { written += count }
            rest = rest.dropFirst(count)
        }
        return true
    }
}
