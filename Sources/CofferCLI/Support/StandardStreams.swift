// SPDX-License-Identifier: MIT
// stdout and stderr written with write(2) in a loop, never through `FileHandle.write(_: Data)` (which traps on Linux
// when the write fails) nor `print` (whose stdio buffer loses a failure silently at exit).
import Foundation
import Synchronization

/// The product of a command (ciphertext, plaintext, a link, a listing). Unbuffered: once `write` returned, the
/// bytes were accepted by the kernel; a failure throws `OutputError(.standardOutput, .write, code:)`.
enum StandardOutput {
    private static let wrote = Mutex(false)

    static func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    static func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        markUsed()
        let code = bytes.withUnsafeBytes { Descriptor.writeAll(1, $0) }
        if code != 0 { throw OutputError(.standardOutput, .write, code: code) }
    }

    /// Notes that something was (or will be) written to fd 1, so that `flush` checks it.
    static func markUsed() {
        wrote.withLock { $0 = true }
    }

    /// Reports output lost after write(2) accepted it: closing a duplicate of fd 1 runs the file system's flush
    /// (NFS, FUSE report write-back errors there), as coreutils' close_stdout does with fclose. Called at the end
    /// of every command and before a command commits something whose secret it printed.
    static func flush() throws {
        guard wrote.withLock({ $0 }) else { return }
        let duplicate = dup(1)
        guard duplicate >= 0 else { throw OutputError(.standardOutput, .close, code: errno) }
        if close(duplicate) != 0 && errno != EINTR { throw OutputError(.standardOutput, .close, code: errno) }
    }
}

/// Messages, notes and progress. A failure is ignored: when stderr itself is gone there is nowhere to report it,
/// and a command must not crash for it. `writeSecret` is for the one message that matters (a recovery key shown
/// once): it throws.
enum StandardError {
    static func write(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Descriptor.writeAll(2, $0) }
    }

    static func writeSecret(_ text: String) throws {
        let code = Array(text.utf8).withUnsafeBytes { Descriptor.writeAll(2, $0) }
        if code != 0 { throw OutputError(.standardError, .write, code: code) }
    }
}

/// What `main` does before any command runs.
enum StandardStreams {
    /// SIGPIPE is ignored, so a closed pipe is the error EPIPE (exit 1 with a message, temporary files removed)
    /// rather than death by signal — possibly after a link was stored and before its secret was printed. A closed
    /// fd 0, 1 or 2 is held by /dev/null opened in the other direction, so writes to a closed stdout still fail
    /// (EBADF) but no file coffer opens (an output's temporary file) can become fd 1 and receive what is printed.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            let placeholder = Foundation.open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY)
            guard placeholder >= 0 else { continue }
            if placeholder != fd {
                dup2(placeholder, fd)
                close(placeholder)
            }
        }
    }
}

/// The write(2) loop every output shares.
enum Descriptor {
    /// Writes all of `bytes` to `fd`, retrying after EINTR and waiting with poll(2) after EAGAIN (a non-blocking
    /// descriptor inherited from the shell). Returns 0, or the errno that stopped it.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, base + done, bytes.count - done)
            if n > 0 {
                done += n
                continue
            }
            if n == 0 { return EIO }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else { return code }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&poller, 1, -1) < 0 && errno != EINTR { return errno }
        }
        return 0
    }
}
