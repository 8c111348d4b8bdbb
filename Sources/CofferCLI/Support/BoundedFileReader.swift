// SPDX-License-Identifier: MIT
// The one reader behind every file option (passphrase, password, recovery key, link, identity, recipients and
// bundle files): a size cap per kind, a check of what the path is, and memory bounded by the cap.
import CofferKeys
import Foundation

/// What a file option holds, which decides its name in messages and its size cap.
enum InputFileKind: String, CaseIterable {
    case passphrase = "passphrase file"
    case newPassphrase = "new passphrase file"
    case password = "password file"
    case recoveryKey = "recovery key file"
    case link = "link file"
    case identity = "identity file"
    case recipients = "recipients file"
    case bundle = "bundle file"

    /// The largest input accepted. A passphrase, password, recovery key, link or bundle is one line of at most a
    /// few hundred bytes; an identity or recipients file holds at most some thousands of 74-byte keys.
    var cap: Int {
        switch self {
        case .passphrase, .newPassphrase, .password, .recoveryKey, .link, .bundle: 64 << 10
        case .identity, .recipients: 4 << 20
        }
    }

    /// Whether the bytes are secret (then every buffer that held them is zeroed).
    var isSecret: Bool { self != .recipients && self != .bundle }

    /// What the file holds: "passphrase" for a passphrase file.
    var secretName: String { String(rawValue.dropLast(" file".count)) }

    /// The cap in words, for `--help` and messages.
    var capText: String { cap >= 1 << 20 ? "\(cap >> 20) MiB" : "\(cap >> 10) KiB" }
}

/// Reads a file option's input whole, or refuses it with a `CLIFailure` naming the option's kind and path.
///
/// The rule (also in `coffer --help` and Spec/accounts.md §3.1): `-` is standard input; a regular file, a pipe or a
/// FIFO (`--passphrase-file <(…)`) is read to its end, and refused as "too large" as soon as it passes the kind's
/// cap — an endless pipe costs at most the cap in memory; a directory, a device (`/dev/zero`, a terminal) or a
/// socket is refused before it is read.
enum BoundedFileReader {
    /// The bytes of `path` (`-` for stdin). The caller zeroes them when `kind.isSecret`.
    static func read(_ path: String, kind: InputFileKind) throws -> [UInt8] {
        if path == "-" { return try read(descriptor: 0, path: "-", kind: kind) }
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(kind, path, reason: SystemErrorText.describe(errno)) }
        try checkType(info.st_mode, kind: kind, path: path)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw failure(kind, path, reason: SystemErrorText.describe(errno)) }
        defer { close(fd) }
        return try read(descriptor: fd, path: path, kind: kind)
    }

    /// The text of `path`, decoded as UTF-8 (for identity, recipients and bundle files; never for secrets).
    static func readText(_ path: String, kind: InputFileKind) throws -> String {
        String(decoding: try read(path, kind: kind), as: UTF8.self)
    }

    private static func read(descriptor fd: Int32, path: String, kind: InputFileKind) throws -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(kind, path, reason: SystemErrorText.describe(errno)) }
        // Checked again on the open descriptor: the path may have been swapped between stat and open.
        if path != "-" { try checkType(info.st_mode, kind: kind, path: path) }
        if info.st_mode & S_IFMT == S_IFREG, info.st_size > off_t(kind.cap) { throw tooLarge(kind, path) }
        var bytes = [UInt8](repeating: 0, count: kind.cap + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes[count...].withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let reason = SystemErrorText.describe(errno)
                if kind.isSecret { zero(&bytes) }
                throw failure(kind, path, reason: reason)
            }
            if n == 0 { break }
            count += n
        }
        guard count <= kind.cap else {
            if kind.isSecret { zero(&bytes) }
            throw tooLarge(kind, path)
        }
        let result = Array(bytes[..<count])
        if kind.isSecret { zero(&bytes) }
        return result
    }

    private static func checkType(_ mode: mode_t, kind: InputFileKind, path: String) throws {
        let what: String
        switch mode & S_IFMT {
        case S_IFREG, S_IFIFO: return
        case S_IFDIR: what = "a directory"
        case S_IFCHR, S_IFBLK: what = "a device, not a file"
        case S_IFSOCK: what = "a socket, not a file"
        default: what = "not a regular file"
        }
        throw CLIFailure(
            message: "\(kind.rawValue) \"\(path)\" is \(what)",
            hints: ["give a regular file, a pipe such as <(command), or - for stdin"])
    }

    private static func failure(_ kind: InputFileKind, _ path: String, reason: String) -> CLIFailure {
        CLIFailure(
            message: "cannot read \(kind.rawValue) \"\(path)\": \(reason)",
            hints: ["check the path and its permissions"])
    }

    private static func tooLarge(_ kind: InputFileKind, _ path: String) -> CLIFailure {
        CLIFailure(
            message: "\(kind.rawValue) \"\(path)\" is too large (more than \(kind.capText))",
            hints: ["a \(kind.rawValue) holds \(kind.cap >= 1 << 20 ? "keys, one a line" : "one line")"])
    }

    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }
}
