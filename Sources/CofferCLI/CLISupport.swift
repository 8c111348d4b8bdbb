// SPDX-License-Identifier: MIT
// Shared plumbing of the content subcommands: error reporting, exit codes, atomic output files.
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

/// A failure to report as `coffer: message` plus `hint:` lines on stderr.
struct CLIFailure: Error {
    let message: String
    var hints: [String] = []

    init(message: String, hints: [String] = []) {
        self.message = message
        self.hints = hints
    }

    init(_ message: String, hint: String? = nil) {
        self.init(message: message, hints: hint.map { [$0] } ?? [])
    }
}

enum CLI {
    /// Prints `coffer: message` and `hint: …` lines to stderr. A multi-line message keeps `hint:` lines as they are.
    static func printError(_ message: String, hints: [String] = []) {
        var text = ""
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            text += line.hasPrefix("hint:") ? "\(line)\n" : "coffer: \(line)\n"
        }
        for hint in hints { text += "hint: \(hint)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A progress or status note on stderr (never secrets).
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("coffer: \(message)\n".utf8))
    }

    /// Runs `body`; any error is printed with hints and turned into exit code 1.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CLIFailure {
            printError(failure.message, hints: failure.hints)
            throw ExitCode(CofferExit.failure)
        } catch let error as AgeError {
            printError(error.description, hints: hints(for: error))
            throw ExitCode(CofferExit.failure)
        } catch let error as KeysError {
            printError(error.description)
            throw ExitCode(CofferExit.failure)
        } catch let error as AgeUsageError {
            printError(error.description)
            throw ExitCode(CofferExit.failure)
        } catch let error as ExitCode {
            throw error
        } catch let error as POSIXError {
            // A read(2)/write(2) failure from the file streams: closed stdout, full disk, unreadable input.
            let reason = String(cString: strerror(error.code.rawValue)).lowercased()
            printError(
                "input/output error: \(reason)", hints: ["check that the input is readable and the output writable"])
            throw ExitCode(CofferExit.failure)
        } catch {
            printError("\(error.localizedDescription)")
            throw ExitCode(CofferExit.failure)
        }
    }

    static func hints(for error: AgeError) -> [String] {
        switch error.outcome {
        case .noMatch:
            ["pass the identity file this file was encrypted to with -i, or a passphrase file with --passphrase-file"]
        case .hmacFailure: ["the header was changed after encryption: do not trust this file; fetch it again"]
        case .headerFailure:
            if case .workFactorTooLarge = error {
                ["if you trust the file's sender, raise the limit with --max-work-factor"]
            } else {
                ["this is not a valid age file, or it was damaged"]
            }
        case .payloadFailure:
            ["the file was damaged, cut or tampered with; with -o nothing was written, on stdout only verified chunks"]
        case .armorFailure: ["the armored (-----BEGIN AGE ENCRYPTED FILE-----) text was altered or re-wrapped"]
        case .success: []
        }
    }

    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// The identities in each identity file (age's format: `AGE-SECRET-KEY-1…` lines), with a typed message naming
    /// the file that does not parse.
    static func readIdentityFiles(_ paths: [String]) throws -> [any Identity] {
        var identities: [any Identity] = []
        for path in paths {
            do {
                identities += try IdentityFile.parse(try readFile(path, what: "identity file"))
            } catch let error as AgeUsageError {
                throw CLIFailure(
                    message: "identity file \"\(path)\": \(error)",
                    hints: ["identity files are made by coffer keygen or age-keygen"])
            }
        }
        return identities
    }

    static func readFile(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(message: "cannot read \(what) \"\(path)\"", hints: ["check the path and its permissions"])
        }
        return String(decoding: data, as: UTF8.self)
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
