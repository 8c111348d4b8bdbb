// SPDX-License-Identifier: MIT
import Foundation

/// A step of `AtomicFileWriter`, named in its errors and in the interruption hook of its tests.
package enum AtomicWriteStep: String, Sendable, CaseIterable {
    /// Creating the temporary file beside the target.
    case create
    /// Writing to the temporary file.
    case write
    /// `fsync` of the temporary file.
    case sync
    /// Closing the temporary file.
    case close
    /// `rename(2)` over the target, or `link(2)` to a name that must not exist yet.
    case place
    /// `fsync` of the directory, so the rename or link survives a power loss.
    case syncDirectory
}

/// Why an atomic write failed: the step, the `errno` it got and the path it acted on (no words: callers present
/// it). `code` is `EEXIST` when a create-only write found the target already there.
package struct AtomicWriteError: Error, Sendable, Equatable {
    package let step: AtomicWriteStep
    package let code: Int32
    package let path: String

    package init(_ step: AtomicWriteStep, code: Int32, path: String) {
        self.step = step
        self.code = code
        self.path = path
    }
}

/// The one atomic file writer (accounts' `DirectoryRecordStore` and device state, the vault's directory store, the
/// CLI's `-o`): a temporary file `.NAME.<uuid>.tmp` in the target's directory, written, `fsync`ed, closed, then
/// `rename(2)`d over the target (`.replace`) or `link(2)`ed to it (`.createOnly`: fails with `EEXIST` rather than
/// replace a file that appeared meanwhile), and the directory `fsync`ed. A reader sees the old content or the
/// complete new one — also after a crash at any step — never a mix and never nothing. Without `commit()` the
/// temporary file is removed (`discard()` or deinit).
///
/// Use it as "begin, write chunks (`write` or the `descriptor`), commit or discard"; `write(_:to:)` does all.
package final class AtomicFileWriter {
    /// What the last step does to the target.
    package enum Placement: Sendable {
        /// `rename(2)` over whatever regular file is there.
        case replace
        /// `link(2)`: refused (`EEXIST`) when the target exists. On a file system without hard links, `rename(2)`
        /// after a check that nothing is there.
        case createOnly
    }

    /// The final path.
    package let target: String
    /// The temporary file's path (exists until `commit()` or `discard()`).
    package let temporaryPath: String
    /// The temporary file's descriptor, for writers that stream into it; -1 once closed.
    package private(set) var descriptor: Int32
    private let placement: Placement
    private let syncsDirectory: Bool
    private var finished = false
    /// Called before each step with its name; returning true stops the writer there as a crash would (nothing
    /// cleaned up, `interrupted` thrown). Only for the tests that interrupt it at every step.
    package var interruption: ((AtomicWriteStep) -> Bool)?

    /// Creates the temporary file (mode `mode`, less the umask) beside `target`.
    /// `syncsDirectory: false` leaves the directory `fsync` to a caller that batches it.
    package init(
        target: String, mode: mode_t = 0o600, placement: Placement = .replace, syncsDirectory: Bool = true
    ) throws(AtomicWriteError) {
        let (directory, file) = Self.split(target)
        // At most 100 bytes of the name, so that the temporary name stays within NAME_MAX (255).
        let stem = String(decoding: file.utf8.prefix(100), as: UTF8.self)
        let temporary = (directory.hasSuffix("/") ? directory : directory + "/") + ".\(stem).\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw AtomicWriteError(.create, code: errno, path: temporary) }
        self.target = target
        temporaryPath = temporary
        descriptor = fd
        self.placement = placement
        self.syncsDirectory = syncsDirectory
    }

    /// Writes all of `bytes` to the temporary file (retrying short writes and `EINTR`).
    package func write(_ bytes: [UInt8]) throws(AtomicWriteError) {
        try step(.write)
        let error: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { return nil }
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return written < 0 ? errno : EIO }
                offset += written
            }
            return nil
        }
        if let error { throw AtomicWriteError(.write, code: error, path: temporaryPath) }
    }

    /// `fsync`, close, rename or link, directory `fsync`. On failure the target is as it was (or, if only the
    /// directory `fsync` failed, already holds the new content) and the temporary file is removed.
    package func commit() throws(AtomicWriteError) {
        guard !finished else { return }
        try step(.sync)
        guard fsync(descriptor) == 0 else { throw fail(.sync, errno) }
        try step(.close)
        let fd = descriptor
        descriptor = -1
        if close(fd) != 0 && errno != EINTR { throw fail(.close, errno) }
        try step(.place)
        try place()
        finished = true
        unlink(temporaryPath)
        if syncsDirectory {
            try step(.syncDirectory)
            try Self.syncDirectory(Self.split(target).directory)
        }
    }

    /// Removes the temporary file; the target stays as it was.
    package func discard() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }

    deinit { discard() }

    /// `write(bytes)` and `commit()` in one call.
    package static func write(
        _ bytes: [UInt8], to target: String, mode: mode_t = 0o600, placement: Placement = .replace
    ) throws(AtomicWriteError) {
        let writer = try AtomicFileWriter(target: target, mode: mode, placement: placement)
        try writer.write(bytes)
        try writer.commit()
    }

    /// `fsync(2)` of a directory (`EINVAL`/`EROFS`: a file system that cannot sync one, accepted).
    package static func syncDirectory(_ directory: String) throws(AtomicWriteError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw AtomicWriteError(.syncDirectory, code: errno, path: directory) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
            throw AtomicWriteError(.syncDirectory, code: errno, path: directory)
        }
    }

    /// The directory part ("." when there is none) and the last component of a path that does not end in "/".
    package static func split(_ path: String) -> (directory: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private func place() throws(AtomicWriteError) {
        switch placement {
        case .replace:
            guard rename(temporaryPath, target) == 0 else { throw fail(.place, errno) }
        case .createOnly:
            guard link(temporaryPath, target) != 0 else { return }
            let code = errno
            guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP else { throw fail(.place, code) }
            // A file system without hard links: rename, after a check that nothing is there.
            var status = stat()
            guard lstat(target, &status) != 0 else { throw fail(.place, EEXIST) }
            guard rename(temporaryPath, target) == 0 else { throw fail(.place, errno) }
        }
    }

    private func step(_ step: AtomicWriteStep) throws(AtomicWriteError) {
        guard let interruption, interruption(step) else { return }
        // As a crash would: nothing cleaned up. The descriptor is closed only so the test does not leak it.
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        throw AtomicWriteError(step, code: EINTR, path: temporaryPath)
    }

    private func fail(_ step: AtomicWriteStep, _ code: Int32) -> AtomicWriteError {
        discard()
        return AtomicWriteError(step, code: code, path: step == .place ? target : temporaryPath)
    }
}
