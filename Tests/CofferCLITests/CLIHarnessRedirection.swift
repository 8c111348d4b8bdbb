// SPDX-License-Identifier: MIT
import Foundation

/// `coffer` run with its stdout somewhere other than a pipe: a full device, closed, or a given path.
extension CLIHarness {
    enum Stdout: CustomStringConvertible {
        /// `/dev/full`: every write fails with ENOSPC.
        case fullDevice
        /// fd 1 closed (`>&-`): every write fails with EBADF.
        case closed
        /// Redirected to this path (`> path`).
        case path(String)

        var redirection: String {
            switch self {
            case .fullDevice: ">/dev/full"
            case .closed: ">&-"
            case .path(let path): ">'\(path.replacingOccurrences(of: "'", with: "'\\''"))'"
            }
        }

        var description: String {
            switch self {
            case .fullDevice: "stdout on /dev/full"
            case .closed: "stdout closed"
            case .path(let path): "stdout to \(path)"
            }
        }
    }

    /// Runs `coffer arguments` through `/bin/sh` with stdout redirected. The status is the shell's: a death by
    /// signal (a Swift trap is SIGILL) shows as 128 + the signal number, so `status < 128` means coffer exited.
    static func run(_ arguments: [String], stdout: Stdout, in directory: URL) throws -> Result {
        try run(
            "/bin/sh", ["-c", "\"$@\" \(stdout.redirection); exit $?", "sh", coffer] + arguments, in: directory)
    }

    /// The names of a temporary output file (`.NAME.<uuid>.tmp`) left in `directory`.
    static func temporaryFiles(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
    }
}
