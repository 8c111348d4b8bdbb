// SPDX-License-Identifier: MIT
import Foundation

/// A failed system call in words, for the `storageFailure` reasons of the storage and device-state code and for
/// the command line: `strerror(3)` in lower case followed by the errno's name — "permission denied (EACCES)" —
/// never a bare errno number or a Foundation error code.
package enum SystemErrorText {
    /// "no such file or directory (ENOENT)" for `ENOENT`.
    package static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code)).lowercased()
        guard let name = names[code] else { return text }
        return "\(text) (\(name))"
    }

    /// A Foundation or POSIX error from a file operation in the same words; a `CocoaError` is reduced to its
    /// underlying POSIX error when it carries one, else to what its code says.
    package static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return describe(posix.code.rawValue) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return describe(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError { return describe(underlying) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return describe(ENOENT)
        case .fileReadNoPermission, .fileWriteNoPermission: return describe(EACCES)
        case .fileWriteOutOfSpace: return describe(ENOSPC)
        case .fileWriteVolumeReadOnly: return describe(EROFS)
        case .fileWriteFileExists: return describe(EEXIST)
        case .fileReadCorruptFile: return "the data is not in the expected format"
        default: return "the file system refused the operation"
        }
    }

    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", ENXIO: "ENXIO", EBADF: "EBADF",
        EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EBUSY: "EBUSY", EEXIST: "EEXIST", EXDEV: "EXDEV",
        ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", ENFILE: "ENFILE",
        EMFILE: "EMFILE", ETXTBSY: "ETXTBSY", EFBIG: "EFBIG", ENOSPC: "ENOSPC", ESPIPE: "ESPIPE", EROFS: "EROFS",
        EMLINK: "EMLINK", EPIPE: "EPIPE", ENAMETOOLONG: "ENAMETOOLONG", ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP",
        EDQUOT: "EDQUOT", ESTALE: "ESTALE", EOVERFLOW: "EOVERFLOW", ENOTSUP: "ENOTSUP", ETIMEDOUT: "ETIMEDOUT",
    ]
}
