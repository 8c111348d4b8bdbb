// SPDX-License-Identifier: MIT
import CofferAge
import Foundation

/// The byte sink of every output (stdout, a temporary file, a device or FIFO written through): write(2) through
/// `Descriptor.writeAll`, and pwrite(2) for the parallel encryptor when the descriptor is a regular file. Failures
/// throw `OutputError` naming the output. It does not own the descriptor.
final class DescriptorSink: PositionalByteSink, @unchecked Sendable {
    let descriptor: Int32
    let target: OutputError.Target
    /// Set on stdout when no `-o` was given: the first write is refused if the descriptor is a terminal and the
    /// bytes are not text (`TerminalGuard`), before anything reaches the terminal.
    private var guardsTerminal: Bool

    init(descriptor: Int32, target: OutputError.Target, guardsTerminal: Bool = false) {
        self.descriptor = descriptor
        self.target = target
        self.guardsTerminal = guardsTerminal
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if guardsTerminal, !bytes.isEmpty {
            guardsTerminal = false
            try TerminalGuard.check(bytes, descriptor: descriptor)
        }
        let code = Descriptor.writeAll(descriptor, bytes)
        if code != 0 { throw OutputError(target, .write, code: code) }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// The offset of the next sequential write, when positional writes are possible: a regular file not opened
    /// with O_APPEND (never a pipe, terminal or device).
    func positionalOffset() -> UInt64? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            fcntl(descriptor, F_GETFL) & O_APPEND == 0
        else { return nil }
        let offset = lseek(descriptor, 0, SEEK_CUR)
        return offset >= 0 ? UInt64(offset) : nil
    }

    /// pwrite(2) until everything is written.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard let base = bytes.baseAddress else { return }
        guard let start = off_t(exactly: offset) else { throw OutputError(target, .write, code: EFBIG) }
        var written = 0
        while written < bytes.count {
            let n = pwrite(descriptor, base + written, bytes.count - written, start + off_t(written))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw OutputError(target, .write, code: errno) }
            if n == 0 { throw OutputError(target, .write, code: EIO) }
            written += n
        }
    }

    func seek(to offset: UInt64) throws {
        guard let position = off_t(exactly: offset) else { throw OutputError(target, .write, code: EINVAL) }
        if lseek(descriptor, position, SEEK_SET) < 0 { throw OutputError(target, .write, code: errno) }
    }
}
