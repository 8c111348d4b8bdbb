// SPDX-License-Identifier: MIT
// The typed failure of every output the CLI writes: stdout, stderr and `-o` files.
import Foundation

extension CLIFailure {
    /// `error` as a failure with one more hint: a `CLIFailure` keeps its message and hints, any other error is
    /// described by its `description`.
    init(_ error: any Error, addingHint hint: String) {
        if let failure = error as? CLIFailure {
            self.init(message: failure.message, hints: failure.hints + [hint])
        } else {
            self.init(message: "\(error)", hints: [hint])
        }
    }
}

/// A write(2), fsync(2), rename(2) or close(2) on an output that failed, with the errno it failed with. Its
/// description says in words which output failed and keeps the errno name, e.g.
/// `cannot write to stdout: no space left on device (ENOSPC)`.
struct OutputError: Error, CustomStringConvertible, LocalizedError {
    /// Which output failed.
    enum Target: Equatable {
        case standardOutput
        case standardError
        case file(String)
    }

    /// What was being done to it.
    enum Step: Equatable {
        case open, write, sync, replace, close
    }

    let target: Target
    let step: Step
    let code: Int32

    init(_ target: Target, _ step: Step, code: Int32) {
        self.target = target
        self.step = step
        self.code = code
    }

    var description: String {
        let name: String
        switch target {
        case .standardOutput: name = "stdout"
        case .standardError: name = "stderr"
        case .file(let path): name = "output \"\(path)\""
        }
        let verb: String
        switch step {
        case .open: verb = "cannot open"
        case .write: verb = "cannot write to"
        case .sync: verb = "cannot save"
        case .replace: verb = "cannot move into place"
        case .close: verb = "cannot finish writing"
        }
        return "\(verb) \(name): \(Self.reason(code))"
    }

    var errorDescription: String? { description }

    /// `strerror` in lower case with the errno name, e.g. "broken pipe (EPIPE)".
    static func reason(_ code: Int32) -> String {
        let words = String(cString: strerror(code)).lowercased()
        return errnoNames[code].map { "\(words) (\($0))" } ?? words
    }

    static let errnoNames: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", ENXIO: "ENXIO", EBADF: "EBADF",
        EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EBUSY: "EBUSY", EEXIST: "EEXIST", EXDEV: "EXDEV",
        ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE",
        ETXTBSY: "ETXTBSY", EFBIG: "EFBIG", ENOSPC: "ENOSPC", ESPIPE: "ESPIPE", EROFS: "EROFS", EMLINK: "EMLINK",
        EPIPE: "EPIPE", ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", EDQUOT: "EDQUOT", ENOTSUP: "ENOTSUP",
        ECONNRESET: "ECONNRESET",
    ]
}
