import CofferKeys
// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import Glibc

/// The Unix-socket calls of the agent and its clients: address, connect, peer credentials, framed reads and
/// writes with a time limit (a peer that stops talking cannot hold the single-threaded agent).
enum AgentSocket {
    /// How long one read or write may block, on either side.
    static let ioTimeoutSeconds = 2

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        return address
    }

    /// A new stream socket, close-on-exec.
    static func stream() throws(AgentError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket: " + SystemErrorText.describe(errno)) }
        return fd
    }

    /// Connects to the agent at `path`: `notRunning` when nothing listens there (no file, or a stale one).
    static func connect(_ path: String) throws(AgentError) -> Int32 {
        let fd = try stream()
        var address = address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            switch code {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .notRunning
            case EACCES, EPERM: throw .system("permission denied on the agent's socket")
            default: throw .system("connect: " + SystemErrorText.describe(code))
            }
        }
        setTimeouts(fd)
        return fd
    }

    static func setTimeouts(_ fd: Int32) {
        var limit = timeval(tv_sec: ioTimeoutSeconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, size)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, size)
    }

    /// The uid of the process at the other end (`SO_PEERCRED`: pid, uid, gid as the kernel saw them at connect).
    static func peerUID(_ fd: Int32) -> uid_t? {
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var size = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0,
            size == socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        else { return nil }
        return credentials.1
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Exactly `count` bytes, or nil (end of stream, error, time-out).
    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                zeroize(&bytes)
                return nil
            }
            offset += got
        }
        return bytes
    }

    /// Before closing: ends the agent's side and discards what the peer already sent and was not read (an oversized
    /// or refused request), at most 4 KiB without waiting. Closing a Unix socket with unread data resets the
    /// connection, and the peer could lose the answer.
    static func drain(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 1024)
        for _ in 0..<4 {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard got > 0 else { break }
        }
        zeroize(&buffer)
    }

    /// Reads one frame; `malformed` for a short or oversized one (nothing past the length is read then).
    static func readMessage(_ fd: Int32) throws(AgentRefusal) -> AgentMessage {
        guard let header = readExactly(fd, 4) else { throw .malformed }
        let length = try AgentMessage.length(of: header)
        guard var payload = readExactly(fd, length) else { throw .malformed }
        defer { zeroize(&payload) }
        return try AgentMessage(payload: payload)
    }
}
