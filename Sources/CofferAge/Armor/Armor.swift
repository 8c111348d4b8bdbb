// SPDX-License-Identifier: MIT
import CofferPrimitives

/// age's ASCII armor: strict PEM with type `AGE ENCRYPTED FILE`, no headers, padded standard base64 in lines of
/// exactly 64 columns except the last (1–64 columns), `-----END AGE ENCRYPTED FILE-----` after it.
///
/// Writers emit LF line endings and nothing around the armor. Readers accept LF or CRLF line endings and up to
/// 1024 bytes of whitespace before the BEGIN line and after the END line, and refuse everything else: other text
/// around the armor, empty lines, whitespace inside lines, headers, checksums, long or short lines, missing or
/// non-canonical padding, a missing END line.
package enum Armor {
    package static let beginLine = "-----BEGIN AGE ENCRYPTED FILE-----"
    package static let endLine = "-----END AGE ENCRYPTED FILE-----"
    static let columnsPerLine = 64
    static let bytesPerLine = 48
    static let maximumWhitespace = 1024

    /// ASCII whitespace as Go's `bytes.TrimSpace` sees it: SP, HT, LF, VT, FF, CR.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// True when `source` starts, after optional whitespace, with the BEGIN line (peeks, consumes nothing).
    package static func looksArmored(_ source: BufferedSource) throws -> Bool {
        let head = Array(try source.peek(maximumWhitespace + beginLine.utf8.count))
        guard let start = head.firstIndex(where: { !isWhitespace($0) }) else { return false }
        return head[start...].starts(with: Array(beginLine.utf8))
    }

    /// Padded standard base64 (RFC 4648 §4) of one armor line; canonical only.
    static func encodeLine(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let text = Array(Base64.encode(Array(bytes)).utf8)
        return text + [UInt8](repeating: UInt8(ascii: "="), count: (4 - text.count % 4) % 4)
    }

    /// Decodes one armor line of padded base64; nil unless it is the canonical encoding.
    static func decodeLine(_ line: [UInt8]) -> [UInt8]? {
        guard line.count % 4 == 0 else { return nil }
        let padding = line.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        let content = line.dropLast(padding)
        guard padding <= 2, !content.contains(UInt8(ascii: "=")) else { return nil }
        guard padding == 0 || content.count % 4 == 4 - padding else { return nil }
        return try? Base64.decode(String(decoding: content, as: UTF8.self))
    }
}

/// Writes the armor around everything written to it; call `finish()` once at the end.
package final class ArmorEncoder: ByteSink {
    private let sink: ByteSink
    private var pending: [UInt8] = []

    package init(_ sink: ByteSink) throws {
        self.sink = sink
        try sink.write(Array("\(Armor.beginLine)\n".utf8))
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        let whole = pending.count / Armor.bytesPerLine * Armor.bytesPerLine
        guard whole > 0 else { return }
        var out: [UInt8] = []
        out.reserveCapacity(whole / 3 * 4 + whole / Armor.bytesPerLine)
        for start in stride(from: 0, to: whole, by: Armor.bytesPerLine) {
            out += Armor.encodeLine(pending[start..<start + Armor.bytesPerLine])
            out.append(0x0A)
        }
        pending.removeFirst(whole)
        try sink.write(out)
    }

    /// Writes the last partial line (if any) and the END line.
    package func finish() throws {
        var out: [UInt8] = []
        if !pending.isEmpty {
            out = Armor.encodeLine(pending[...]) + [0x0A]
            pending = []
        }
        try sink.write(out + Array("\(Armor.endLine)\n".utf8))
    }
}
