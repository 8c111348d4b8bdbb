// SPDX-License-Identifier: MIT
// Shared plumbing of the content subcommands: exit codes, identity files, input and atomic output files.
import ArgumentParser
import CofferFormat
import CofferKeys
import Foundation
import Synchronization

/// Exit codes of `coffer` (documented in `coffer --help` and Spec/content-format.md):
/// 0 success; 1 the operation failed (the file is not decryptable by these keys, is damaged or was tampered with,
/// or an input/output file could not be used); 64 the command line is wrong (ArgumentParser's usage error).
enum CofferExit {
    static let failure: Int32 = 1
}

enum CLI {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// The identities in each identity file (age's format: `AGE-SECRET-KEY-1…` lines), with a typed message naming
    /// the file that does not parse.
    static func readIdentityFiles(_ paths: [String]) throws -> [any Identity] {
        var identities: [any Identity] = []
        for path in paths {
            do {
                identities += try IdentityFile.parse(try BoundedFileReader.readText(path, kind: .identity))
            } catch let error as AgeUsageError {
                throw CLIFailure(
                    message: "identity file \"\(path)\": \(error)",
                    hints: ["identity files are made by coffer keygen or age-keygen"])
            }
        }
        return identities
    }

    static func openInput(_ path: String?) throws -> FileSource {
        guard let path, path != "-" else { return FileSource(handle: .standardInput) }
        // A directory opens fine and fails only at the first read, after the header went out: refuse it first.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIFailure(
                message: "input \"\(path)\" is a directory",
                hints: ["give a file; to encrypt a folder, archive it first"])
        }
        do {
            return try FileSource(path: path)
        } catch {
            throw CLIFailure(message: "cannot open input \"\(path)\"", hints: ["check the path and its permissions"])
        }
    }
}

/// `-o FILE`: writes to a temporary file in the same directory and renames it over FILE only on success, so a
/// failure leaves no partial output. Refuses to write over the input.
final class OutputFile {
    let path: String
    let temporaryPath: String
    let handle: FileHandle
    private var committed = false

    init(path: String, input: String?, mode: Int16 = 0o644) throws {
        if let input, input != "-", OutputFile.sameFile(path, input) {
            throw CLIFailure(
                message: "output \"\(path)\" is the input file", hints: ["write to a different file with -o"])
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        temporaryPath = (directory as NSString).appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard
            FileManager.default.createFile(atPath: temporaryPath, contents: nil, attributes: [.posixPermissions: mode]),
            let handle = FileHandle(forWritingAtPath: temporaryPath)
        else {
            throw CLIFailure(
                message: "cannot create output in \"\(directory)\"",
                hints: ["check the directory exists and is writable"])
        }
        self.path = path
        self.handle = handle
    }

    var sink: FileSink { FileSink(handle: handle) }

    func commit() throws {
        try handle.synchronize()
        try handle.close()
        guard rename(temporaryPath, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw CLIFailure(message: "cannot move the output into place at \"\(path)\"")
        }
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
        }
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat()
        var sb = stat()
        if stat(a, &sa) == 0 && stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}

/// Writes through to a sink and shows the byte count on stderr when stderr is a terminal and the input is large.
/// Positional writes (several threads encrypting a file into a file) pass through when the base sink takes them.
final class ProgressSink: PositionalByteSink, Sendable {
    private nonisolated(unsafe) let base: ByteSink
    private let enabled: Bool
    private let counts = Mutex<(written: UInt64, lastShown: UInt64)>((0, 0))

    init(_ base: ByteSink, inputSize: UInt64?) {
        self.base = base
        enabled = CLI.isTerminal(2) && (inputSize ?? 0) >= 64 << 20
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        count(bytes.count)
    }

    func positionalOffset() -> UInt64? { (base as? PositionalByteSink)?.positionalOffset() }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard let positional = base as? PositionalByteSink else { throw POSIXError(.ESPIPE) }
        try positional.write(bytes, at: offset)
        count(bytes.count)
    }

    func seek(to offset: UInt64) throws {
        guard let positional = base as? PositionalByteSink else { throw POSIXError(.ESPIPE) }
        try positional.seek(to: offset)
    }

    private func count(_ bytes: Int) {
        guard enabled else { return }
        let shown: UInt64? = counts.withLock { counts in
            counts.written += UInt64(bytes)
            guard counts.written - counts.lastShown >= 16 << 20 else { return nil }
            counts.lastShown = counts.written
            return counts.written
        }
        if let shown { FileHandle.standardError.write(Data("\rcoffer: \(shown >> 20) MiB".utf8)) }
    }

    func finish() {
        let (written, lastShown) = counts.withLock { $0 }
        if enabled && lastShown > 0 {
            FileHandle.standardError.write(Data("\rcoffer: \(written >> 20) MiB done\n".utf8))
        }
    }
}

func fileSize(_ path: String?) -> UInt64? {
    guard let path, path != "-" else { return nil }
    return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? nil
}
