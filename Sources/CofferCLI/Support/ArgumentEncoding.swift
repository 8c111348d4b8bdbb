// SPDX-License-Identifier: MIT
import Foundation

/// Every argument must be UTF-8. Swift turns other bytes into U+FFFD while it makes `CommandLine.arguments`, so
/// a Latin-1 name given to `vault put` would be stored under another name without a word, and a local path would
/// name a file that does not exist. The raw `argv` bytes are checked before parsing and such an argument is a
/// usage error (exit 64) that shows the bytes escaped.
enum ArgumentEncoding {
    /// The first argument (1-based) that is not valid UTF-8, and its bytes shown with `\xNN` escapes.
    static func firstInvalid() -> (index: Int, shown: String)? {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
            if String(validatingUTF8: pointer) == nil { return (index, shown(bytes)) }
        }
        return nil
    }

    /// Printable ASCII as is, every other byte as `\xNN`.
    static func shown(_ bytes: [UInt8]) -> String {
        bytes.map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
    }

    /// Exits with 64 and a message when an argument is not UTF-8.
    static func refuseInvalid() {
        guard let (index, shown) = firstInvalid() else { return }
        let text = ErrorPresenter.render(
            message: "argument \(index) is not valid UTF-8: \"\(shown)\"",
            hints: ["coffer takes names and paths in UTF-8: rename the file, or give the name in UTF-8"])
        StandardError.write(text)
        exit(64)
    }
}
