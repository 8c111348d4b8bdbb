// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The strict reader of the age v1 header grammar. Everything it accepts re-encodes to the same bytes:
///
/// - the first line is exactly `age-encryption.org/v1` LF;
/// - a stanza line is `->` then one or more SP-separated non-empty arguments of bytes 0x21–0x7E, LF;
/// - a stanza body follows every stanza line: canonical unpadded base64 lines; a 64-column line continues the body,
///   a shorter one (possibly empty) ends it; lines over 64 columns are refused;
/// - the header ends with `---` SP base64(32-byte MAC) LF;
/// - lines end with LF only (a CR is refused as a non-base64 or non-printable byte).
package enum HeaderParser {
    package static let columnsPerLine = 64
    /// Headers larger than this are refused before they are read into memory (about 9000 X25519 stanzas).
    package static let maximumHeaderByteCount = 1 << 20

    /// Reads a header from `source`, leaving the source at the first payload byte (the nonce).
    package static func parse(from source: BufferedSource) throws -> Header {
        var budget = maximumHeaderByteCount
        func nextLine() throws -> [UInt8] {
            guard let line = try source.readLine(maximumLength: budget) else {
                throw AgeError.headerTooLarge(maximum: maximumHeaderByteCount)
            }
            budget -= line.count
            guard line.last == 0x0A else {
                throw AgeError.malformedHeader(
                    line.isEmpty ? "the file is empty" : "the header ends before its MAC line")
            }
            return Array(line.dropLast())
        }

        let first = try nextLine()
        guard first == Array(Header.versionLine.utf8) else {
            let text = printable(first)
            if first.last == 0x0D {
                throw AgeError.malformedHeader("header lines end with CRLF; age headers use LF only")
            }
            if first.starts(with: Array("age-encryption.org/".utf8)) { throw AgeError.unsupportedVersion(text) }
            throw AgeError.malformedHeader("first line \"\(text)\" is not \"\(Header.versionLine)\"")
        }
        var stanzas: [Stanza] = []
        while true {
            let line = try nextLine()
            if line.starts(with: Array("---".utf8)) {
                return Header(stanzas: stanzas, mac: try macLine(line))
            }
            guard line.starts(with: Array("->".utf8)) else {
                throw AgeError.malformedHeader("unexpected line \"\(printable(line))\"")
            }
            let parts = line.split(separator: 0x20, omittingEmptySubsequences: false).map { Array($0) }
            guard parts[0] == Array("->".utf8), parts.count >= 2 else {
                throw AgeError.malformedHeader("stanza line \"\(printable(line))\" has no type")
            }
            let arguments = parts.dropFirst().map { String(decoding: $0, as: UTF8.self) }
            for (raw, argument) in zip(parts.dropFirst(), arguments)
            where raw.isEmpty || !Stanza.isValidArgument(argument) {
                throw AgeError.malformedHeader("stanza line \"\(printable(line))\" has an empty or invalid argument")
            }
            var body: [UInt8] = []
            while true {
                let bodyLine = try nextLine()
                guard bodyLine.count <= columnsPerLine else {
                    throw AgeError.malformedHeader("stanza body line longer than \(columnsPerLine) columns")
                }
                do {
                    body += try Base64.decode(String(decoding: bodyLine, as: UTF8.self))
                } catch {
                    throw AgeError.malformedHeader("stanza body line \"\(printable(bodyLine))\": \(error)")
                }
                if bodyLine.count < columnsPerLine { break }
            }
            stanzas.append(Stanza(validatedType: arguments[0], arguments: Array(arguments.dropFirst()), body: body))
        }
    }

    /// `--- <base64 of exactly 32 bytes>`.
    private static func macLine(_ line: [UInt8]) throws -> [UInt8] {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 2, Array(parts[0]) == Array("---".utf8) else {
            throw AgeError.malformedHeader("malformed MAC line \"\(printable(line))\"")
        }
        let mac: [UInt8]
        do {
            mac = try Base64.decode(String(decoding: parts[1], as: UTF8.self))
        } catch {
            throw AgeError.malformedHeader("MAC is not canonical base64: \(error)")
        }
        guard mac.count == 32 else { throw AgeError.malformedHeader("MAC has \(mac.count) bytes, expected 32") }
        return mac
    }

    /// Public header text for messages, with non-printable bytes escaped and long lines cut.
    static func printable(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes.prefix(80) {
            text += (byte >= 0x20 && byte < 0x7F) ? String(Unicode.Scalar(byte)) : "\\x" + hex(byte)
        }
        return bytes.count > 80 ? text + "…" : text
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
