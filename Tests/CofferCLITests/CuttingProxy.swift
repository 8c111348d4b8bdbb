// SPDX-License-Identifier: MIT
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on a free loopback port in front of `127.0.0.1:target`, which cuts the first `cutConnections`
/// connections (closes both sides) once `cutAfter` bytes of the server's answers went through on it: a
/// connection dropped mid-download, at a byte that is not a range's or a chunk's boundary.
final class CuttingProxy: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let target: Int
    private let cutAfter: Int
    private let cutConnections: Int
    private let lock = NSLock()
    private var accepted = 0
    private var cutCount = 0

    /// Connections cut so far.
    var cuts: Int { lock.withLock { cutCount } }

    init(target: Int, cutAfter: Int, cutConnections: Int) throws {
        self.target = target
        self.cutAfter = cutAfter
        self.cutConnections = cutConnections
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    var url: String { "http://127.0.0.1:\(port)/" }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            let number = lock.withLock {
                accepted += 1
                return accepted
            }
            let cut = number <= cutConnections
            let pair = Pair(client: client, server: server)
            Thread { [self] in pump(from: client, to: server, limit: nil, pair) }.start()
            Thread { [self] in pump(from: server, to: client, limit: cut ? cutAfter : nil, pair) }.start()
        }
    }

    /// One proxied connection: both directions shut it down when they end; the second to end closes it.
    private final class Pair: @unchecked Sendable {
        let client: Int32
        let server: Int32
        private let lock = NSLock()
        private var ended = 0

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        func end() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
            let last = lock.withLock {
                ended += 1
                return ended == 2
            }
            if last {
                close(client)
                close(server)
            }
        }
    }

    /// Copies until EOF; past `limit` bytes ends the connection (the cut). Either side's end ends the other.
    private func pump(from source: Int32, to sink: Int32, limit: Int?, _ pair: Pair) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var passed = 0
        while true {
            var count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            if let limit, passed + count >= limit {
                count = limit - passed
                _ = buffer.withUnsafeBytes { send(sink, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
                lock.withLock { cutCount += 1 }
                break
            }
            let sent = buffer.withUnsafeBytes { send(sink, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
            if sent != count { break }
            passed += count
        }
        pair.end()
    }
}
