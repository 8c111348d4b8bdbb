// SPDX-License-Identifier: MIT
// Binary data is never written to a terminal by accident (a terminal may interpret escape sequences in it, and the
// user almost always forgot -o), as `coffer encrypt` and age do. Text still shows.
import Foundation

enum TerminalGuard {
    /// Refuses `bytes` (the first write of an output) when `descriptor` is a terminal and they are not text.
    static func check(_ bytes: UnsafeRawBufferPointer, descriptor: Int32) throws {
        guard isatty(descriptor) == 1, !isText(bytes) else { return }
        throw CLIFailure(
            message: "refusing to write binary data to a terminal; nothing was written",
            hints: ["write it to a file with -o FILE, or pipe it; -o - writes it to the terminal anyway"])
    }

    /// Text: valid UTF-8 (a sequence cut at the end of the block is allowed) with no control character but tab,
    /// line feed, carriage return and form feed — so no escape sequence either.
    static func isText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte < 0x20 || byte == 0x7F {
            guard byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C else { return false }
        }
        // A multi-byte sequence cut by the end of the block is tolerated: up to 3 trailing bytes.
        var end = bytes.count
        var back = 0
        while end > 0, back < 3, bytes[end - 1] & 0xC0 == 0x80 || bytes[end - 1] >= 0xC0 {
            let lead = bytes[end - 1] >= 0xC0
            end -= 1
            back += 1
            if lead { break }
        }
        if String(validating: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self) != nil { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
