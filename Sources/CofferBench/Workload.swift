// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// The files one benchmark run works on, in a fresh temporary directory on disk that is removed at the end.
final class Workload {
    let directory: String
    let identity = X25519Identity.generate()
    let identityPath: String
    var recipient: String { identity.recipient.encoded }

    init() {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/var/tmp"
        var template = Array("\(base)/coffer-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fail("cannot create a temporary directory in \(base)") }
        directory = String(cString: made)
        identityPath = directory + "/identity.txt"
        let text = IdentityFile.encode(identity, created: "2026-11-29T00:00:00Z")
        _ = FileManager.default.createFile(
            atPath: identityPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func remove(_ name: String) { unlink(path(name)) }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

    /// Writes `mebibytes` MiB of incompressible bytes: one random MiB, varied per MiB by its index.
    func makePlaintext(_ name: String, mebibytes: Int) {
        var block = SecureRandom.bytes(count: 1 << 20)
        let fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fail("cannot create \(path(name))") }
        defer { close(fd) }
        for index in 0..<mebibytes {
            withUnsafeBytes(of: UInt64(index).littleEndian) { block.replaceSubrange(0..<8, with: $0) }
            block.withUnsafeBytes { writeAll(fd, $0) }
        }
    }

    /// The whole file in memory (for the in-memory rows).
    func load(_ name: String) -> [UInt8] {
        let fd = open(path(name), O_RDONLY)
        guard fd >= 0 else { fail("cannot open \(path(name))") }
        defer { close(fd) }
        let size = Int(lseek(fd, 0, SEEK_END))
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = readFully(fd, UnsafeMutableRawBufferPointer(buffer), at: 0)
        }
    }

    func size(_ name: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path(name)))?[.size] as? UInt64) ?? 0
    }

    /// Whether two files hold the same bytes (every benchmarked output is checked once, untimed).
    func same(_ a: String, _ b: String) -> Bool {
        let (fa, fb) = (open(path(a), O_RDONLY), open(path(b), O_RDONLY))
        defer {
            close(fa)
            close(fb)
        }
        let x = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        let y = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer {
            x.deallocate()
            y.deallocate()
        }
        var offset: off_t = 0
        while true {
            let (n, m) = (readFully(fa, x, at: offset), readFully(fb, y, at: offset))
            guard n == m, memcmp(x.baseAddress!, y.baseAddress!, n) == 0 else { return false }
            if n == 0 { return true }
            offset += off_t(n)
        }
    }
}

/// Fills `buffer` from `fd` at `offset` (or from the current position when `offset` is nil); returns the count read.
func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: off_t?) -> Int {
    var filled = 0
    while filled < buffer.count {
        let target = buffer.baseAddress! + filled
        let n =
            offset.map { pread(fd, target, buffer.count - filled, $0 + off_t(filled)) }
            ?? read(fd, target, buffer.count - filled)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        filled += n
    }
    return filled
}

func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    var written = 0
    while written < bytes.count {
        let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { fail("write failed: \(String(cString: strerror(errno)))") }
        written += n
    }
}

/// A sink that drops what it is given: the in-memory rows measure the cipher path without output I/O.
final class DiscardSink: ByteSink {
    private(set) var count = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws { count += bytes.count }
}
