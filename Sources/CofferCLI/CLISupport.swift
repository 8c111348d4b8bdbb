// SPDX-License-Identifier: MIT
// Shared plumbing of the content subcommands: error reporting, exit codes, input files (output: OutputDestination).
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
        StandardError.write(text)
    }

    /// A progress or status note on stderr (never secrets).
    static func note(_ message: String) {
        StandardError.write("coffer: \(message)\n")
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

func fileSize(_ path: String?) -> UInt64? {
    guard let path, path != "-" else { return nil }
    return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? nil
}
