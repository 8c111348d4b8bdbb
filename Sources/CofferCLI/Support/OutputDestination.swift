// SPDX-License-Identifier: MIT
// The one output path of every command: stdout, `-o FILE` and the in-place rewrite of `coffer link create|revoke`.
import CofferKeys
import Foundation

/// Where a command writes its product; `sink` takes the bytes, `commit()` makes them final.
///
/// - stdout is written through: what was written before a failure stays written.
/// - A regular file or a new path is written by `AtomicFileWriter` (CofferKeys): a temporary file `.NAME.<uuid>.tmp`
///   in the same directory, `fsync`, a rename over NAME (link(2) for keys) and an `fsync` of the directory: NAME holds its old content or the complete new one, also after a
///   crash (no partial output). An existing file keeps its mode (for a secret output without group or other
///   bits) and, when allowed, its owner. Without `commit()` the temporary file is removed.
/// - A symlink is followed (one level at a time) and never replaced: what it leads to is written as above or below,
///   so a link to a regular file keeps pointing to it and the file gets the new content, all or nothing.
/// - Anything else — a character or block device, a FIFO, a socket — is opened and written through, as `age -o`
///   does: the node stays what it was. "No partial output" cannot hold there, as for stdout.
///
/// Never renames over anything that is not a regular file; refuses a directory and the input file itself.
final class OutputDestination {
    private enum Kind {
        case standardOutput
        case replacing(writer: AtomicFileWriter, target: String, neverOverwrite: Bool)
        case through
    }

    /// The path as the user gave it, for messages ("stdout" for stdout).
    let name: String
    let sink: DescriptorSink
    private let kind: Kind
    private var descriptor: Int32
    private var done = false

    private init(
        name: String, kind: Kind, descriptor: Int32, target: OutputError.Target, guardsTerminal: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.descriptor = descriptor
        sink = DescriptorSink(descriptor: descriptor, target: target, guardsTerminal: guardsTerminal)
    }

    /// stdout (fd 1, not closed by this type). With `guardsTerminal`, binary data is refused when stdout is a
    /// terminal (`TerminalGuard`).
    static func standardOutput(guardsTerminal: Bool = false) -> OutputDestination {
        StandardOutput.markUsed()
        return OutputDestination(
            name: "stdout", kind: .standardOutput, descriptor: 1, target: .standardOutput,
            guardsTerminal: guardsTerminal)
    }

    /// The output of a command's product (`-o`): stdout when `path` is nil — refusing binary data on a terminal —
    /// or `-` (stdout, on a terminal too: the user asked for it), else the file at `path` (see the type's
    /// documentation).
    static func open(_ path: String?, input: String? = nil, secret: Bool = false) throws -> OutputDestination {
        guard let path else { return standardOutput(guardsTerminal: true) }
        if path == "-" { return standardOutput() }
        return try OutputDestination(path: path, input: input, secret: secret)
    }

    /// `-o path`. `input` (not "-") is refused as an output. A `secret` output is created with mode 0600.
    /// With `neverOverwrite` (keys, recovery keys) any existing node at `path` is refused, and the final step is
    /// link(2), which fails rather than replace a file that appeared meanwhile.
    convenience init(path: String, input: String? = nil, secret: Bool = false, neverOverwrite: Bool = false) throws {
        if let input, input != "-", Self.sameFile(path, input) {
            throw CLIFailure(
                message: "output \"\(path)\" is the input file", hints: ["write to a different file with -o"])
        }
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw CLIFailure(message: "output \"\(path)\" is not a file name", hints: ["give a file name with -o"])
        }
        var status = stat()
        if neverOverwrite && lstat(path, &status) == 0 {
            throw CLIFailure(
                message: "\"\(path)\" already exists", hints: ["choose a new file name; keys are never overwritten"])
        }
        // Symlinks are followed one level at a time (as the kernel would, up to its limit of 40), so that what
        // is finally written is the node they lead to and the links themselves stay.
        var target = path
        for _ in 0..<40 {
            if lstat(target, &status) != 0 {
                guard errno == ENOENT else { throw OutputError(.file(path), .open, code: errno) }
                try self.init(
                    replacing: target, name: path, existing: nil, secret: secret, neverOverwrite: neverOverwrite)
                return
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                target = try Self.linkTarget(target, name: path)
            case S_IFREG:
                try self.init(replacing: target, name: path, existing: status, secret: secret, neverOverwrite: false)
                return
            case S_IFDIR:
                throw CLIFailure(message: "output \"\(path)\" is a directory", hints: ["give a file name with -o"])
            default:
                try self.init(writingThrough: target, name: path)
                return
            }
        }
        throw OutputError(.file(path), .open, code: ELOOP)
    }

    /// Where the symlink `link` points, as a path usable from the current directory.
    private static func linkTarget(_ link: String, name: String) throws -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { readlink(link, $0.baseAddress!, $0.count - 1) }
        }
        guard count >= 0 else { throw OutputError(.file(name), .open, code: errno) }
        guard let destination = String(validating: buffer[..<count], as: UTF8.self), !destination.isEmpty else {
            throw CLIFailure(
                message: "output \"\(name)\" is a symlink whose target is not a UTF-8 path",
                hints: ["give the target's path with -o"])
        }
        if destination.hasPrefix("/") { return destination }
        let directory = split(link).directory
        return (directory.hasSuffix("/") ? directory : directory + "/") + destination
    }

    /// The regular file at `path` (after following symlinks), to be replaced as a whole by new content that may
    /// be read from the file itself until `commit()`: `coffer link create|revoke` rewriting FILE.age in place.
    static func replacingInPlace(_ path: String) throws -> OutputDestination {
        guard let resolved = realpath(path, nil) else { throw OutputError(.file(path), .open, code: errno) }
        let target = String(cString: resolved)
        free(resolved)
        var status = stat()
        guard lstat(target, &status) == 0 else { throw OutputError(.file(path), .open, code: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw CLIFailure(
                message: "\"\(path)\" is not a regular file and cannot be rewritten in place",
                hints: ["copy the age file to a regular file first"])
        }
        return try OutputDestination(
            replacing: target, name: path, existing: status, secret: false, neverOverwrite: false)
    }

    /// A temporary file beside `target`, with the existing file's mode and owner (or 0666/0600 less the umask).
    private convenience init(
        replacing target: String, name: String, existing: stat?, secret: Bool, neverOverwrite: Bool
    ) throws {
        let writer: AtomicFileWriter
        do {
            writer = try AtomicFileWriter(
                target: target, mode: secret ? 0o600 : 0o666, placement: neverOverwrite ? .createOnly : .replace)
        } catch {
            throw CLIFailure(
                message: "cannot create the output beside \"\(name)\": \(OutputError.reason(error.code))",
                hints: ["check that the directory \"\(Self.split(target).directory)\" exists and is writable"])
        }
        let fd = writer.descriptor
        if let existing {
            _ = fchown(fd, existing.st_uid, existing.st_gid)
            _ = fchmod(fd, existing.st_mode & (secret ? 0o700 : 0o777))
        }
        self.init(
            name: name, kind: .replacing(writer: writer, target: target, neverOverwrite: neverOverwrite),
            descriptor: fd, target: .file(name))
    }

    /// A device, FIFO or socket: opened and written through (never created, never truncated: it exists and is
    /// not a regular file).
    private convenience init(writingThrough path: String, name: String) throws {
        let fd = Foundation.open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw OutputError(.file(name), .open, code: errno) }
        self.init(name: name, kind: .through, descriptor: fd, target: .file(name))
    }

    /// The temporary file holding what was written so far, while a regular file is being replaced (before
    /// `commit()`); nil for stdout and for outputs written through. A caller may read it (e.g. to upload it).
    var pendingPath: String? {
        guard !done, case .replacing(let writer, _, _) = kind else { return nil }
        return writer.temporaryPath
    }

    /// Makes the output final: stdout is checked (`StandardOutput.flush`); a file written through is synced and
    /// closed; a temporary file is synced, closed, renamed over the target (linked, with `neverOverwrite`) and its
    /// directory synced. On failure the target is left as it was.
    func commit() throws {
        guard !done else { return }
        done = true
        switch kind {
        case .standardOutput:
            try StandardOutput.flush()
        case .through:
            var status = stat()
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, fsync(descriptor) != 0 {
                throw OutputError(.file(name), .sync, code: errno)
            }
            try closeDescriptor()
        case .replacing(let writer, let target, let neverOverwrite):
            descriptor = -1
            try Self.checkUnchanged(target, name: name, neverOverwrite: neverOverwrite, writer: writer)
            do {
                try writer.commit()
            } catch {
                throw OutputError(.file(name), Self.step(error.step), code: error.code)
            }
        }
    }

    private func closeDescriptor() throws {
        let fd = descriptor
        descriptor = -1
        if close(fd) != 0 && errno != EINTR { throw OutputError(.file(name), .close, code: errno) }
    }

    /// Refuses (leaving the target as it is) when the target stopped being a regular file or, with
    /// `neverOverwrite`, appeared while the output was being written.
    private static func checkUnchanged(
        _ target: String, name: String, neverOverwrite: Bool, writer: AtomicFileWriter
    ) throws {
        var status = stat()
        if lstat(target, &status) == 0 && (neverOverwrite || status.st_mode & S_IFMT != S_IFREG) {
            writer.discard()
            throw CLIFailure(
                message: "\"\(name)\" was created or changed by something else while coffer wrote it; left as it is",
                hints: ["run the command again"])
        }
    }

    /// The presenter's word for a step of the atomic writer.
    private static func step(_ step: AtomicWriteStep) -> OutputError.Step {
        switch step {
        case .create: .open
        case .write: .write
        case .sync, .syncDirectory: .sync
        case .close: .close
        case .place: .replace
        }
    }

    /// The directory part ("." when there is none) and the last component of a path that does not end in "/".
    /// (Plain string work: Foundation's `NSString.deletingLastPathComponent` traps on a one-character path.)
    static func split(_ path: String) -> (directory: String, file: String) { AtomicFileWriter.split(path) }

    deinit {
        // A replacing output's descriptor belongs to its writer, which removes the temporary file unless committed.
        if case .replacing(let writer, _, _) = kind {
            writer.discard()
        } else if descriptor >= 0 && descriptor != 1 {
            close(descriptor)
        }
    }

    /// The same file (device and inode), or the same path when either does not exist yet.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat()
        var sb = stat()
        if stat(a, &sa) == 0 && stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
