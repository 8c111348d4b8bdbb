// SPDX-License-Identifier: MIT

/// Streams the bytes inside an armored age file, one 48-byte line at a time, enforcing the rules in `Armor`.
/// Errors are `AgeError.invalidArmor`; the decoded bytes are ciphertext, so releasing them early is harmless.
package final class ArmorDecoder: ByteSource {
    private let source: BufferedSource
    private var started = false
    private var finished = false
    private var pending: [UInt8] = []
    private var pendingStart = 0

    package init(_ source: BufferedSource) {
        self.source = source
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while pendingStart == pending.count {
            if finished { return 0 }
            pending = try nextLine()
            pendingStart = 0
        }
        let n = min(buffer.count, pending.count - pendingStart)
        pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + pendingStart, byteCount: n) }
        pendingStart += n
        return n
    }

    /// One line without its LF or CRLF; throws at the end of input.
    private func getLine() throws -> [UInt8] {
        guard let raw = try source.readLine(maximumLength: Armor.maximumWhitespace + 2) else {
            throw AgeError.invalidArmor("line too long")
        }
        guard !raw.isEmpty else { throw AgeError.invalidArmor("unexpected end of file before the END line") }
        var line = raw
        if line.last == 0x0A { line.removeLast() }
        if line.last == 0x0D { line.removeLast() }
        return line
    }

    private func nextLine() throws -> [UInt8] {
        if !started {
            var skipped = 0
            while true {
                let line = try getLine()
                if line.allSatisfy(Armor.isWhitespace) {
                    skipped += line.count + 1
                    if skipped > Armor.maximumWhitespace { throw AgeError.invalidArmor("too much leading whitespace") }
                    continue
                }
                guard line == Array(Armor.beginLine.utf8) else {
                    throw AgeError.invalidArmor(
                        "first line \"\(HeaderParser.printable(line))\" is not \(Armor.beginLine)")
                }
                started = true
                break
            }
        }
        let line = try getLine()
        if line == Array(Armor.endLine.utf8) {
            try drainTrailing()
            return []
        }
        guard line.count <= Armor.columnsPerLine else { throw AgeError.invalidArmor("line longer than 64 columns") }
        guard !line.isEmpty else { throw AgeError.invalidArmor("empty line inside the armor") }
        guard let decoded = Armor.decodeLine(line) else {
            throw AgeError.invalidArmor("line \"\(HeaderParser.printable(line))\" is not canonical padded base64")
        }
        if decoded.count < Armor.bytesPerLine {
            guard try getLine() == Array(Armor.endLine.utf8) else {
                throw AgeError.invalidArmor("a short line must be followed by \(Armor.endLine)")
            }
            try drainTrailing()
        }
        return decoded
    }

    /// After the END line only whitespace may follow, at most 1024 bytes of it.
    private func drainTrailing() throws {
        finished = true
        let rest = Array(try source.peek(Armor.maximumWhitespace + 1))
        guard rest.allSatisfy(Armor.isWhitespace) else { throw AgeError.invalidArmor("data after the END line") }
        guard rest.count <= Armor.maximumWhitespace else { throw AgeError.invalidArmor("too much trailing whitespace") }
    }
}
