// SPDX-License-Identifier: MIT
// Shared plumbing of the content subcommands: exit codes, identity files, input files (output: OutputDestination).
import ArgumentParser
import CofferAge
import CofferKeys
import Foundation
import Synchronization

/// Exit codes of `coffer`, the same for every subcommand (the table is `CofferExit.table`, shown in `coffer --help`):
/// 0 success; 1 the operation failed (the file is not decryptable by these keys, is damaged or was tampered with,
/// or an input/output file could not be used); 64 the command line is wrong (ArgumentParser's usage error, EX_USAGE).
enum CofferExit {
    static let failure: Int32 = 1
    static let usage: Int32 = 64

    /// The table printed by `coffer --help`.
    static let table = """
        Exit codes (every command):
          0   success
          1   the operation failed: wrong key or passphrase, damaged or tampered
              input, a refused storage record, an input or output that could
              not be used (vectors verify: a vector that failed)
          64  the command line is wrong: unknown option, missing or extra
              argument, a value out of range, a path that names no usable
              input for the command (EX_USAGE)
        """
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

func fileSize(_ path: String?) -> UInt64? {
    guard let path, path != "-" else { return nil }
    return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? nil
}
