// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `-> type arg₁ … argₙ LF` followed by `base64(body)` wrapped at 64 columns, the last line shorter than 64 (possibly
/// empty) — one recipient stanza of an age v1 header. A stanza carries the file key wrapped for one recipient.
///
/// Type and arguments are non-empty strings of printable ASCII (0x21–0x7E). Types defined by Coffer use
/// fully-qualified names (`coffer.dev/…`) so they can never collide with age's own.
package struct Stanza: Sendable, Equatable {
    package let type: String
    package let arguments: [String]
    package let body: [UInt8]

    /// Builds a stanza, checking the argument grammar so an encoder can never write an unparseable header.
    package init(type: String, arguments: [String] = [], body: [UInt8]) throws(AgeError) {
        for argument in [type] + arguments where !Stanza.isValidArgument(argument) {
            throw .malformedHeader("stanza argument \"\(argument)\" is empty or has characters outside 0x21–0x7E")
        }
        self.type = type
        self.arguments = arguments
        self.body = body
    }

    /// An argument this code encodes itself: standard base64 of an id (A–Z a–z 0–9 + / =) or a decimal number, so
    /// it is printable ASCII by construction and non-empty for the ids Coffer writes (16 bytes).
    package enum Argument: Sendable {
        case base64([UInt8])
        case decimal(UInt64)

        var text: String {
            switch self {
            case .base64(let bytes): Base64.encode(bytes)
            case .decimal(let value): String(value)
            }
        }
    }

    /// A Coffer stanza of a constant `type` (each checked by its layer's tests with `isValidArgument`) and
    /// arguments valid by construction: cannot fail.
    package init(constantType type: String, arguments: [Argument], body: [UInt8]) {
        let text = arguments.map(\.text)
        assert(([type] + text).allSatisfy(Stanza.isValidArgument))
        self.init(validatedType: type, arguments: text, body: body)
    }

    init(validatedType type: String, arguments: [String], body: [UInt8]) {
        self.type = type
        self.arguments = arguments
        self.body = body
    }

    /// True for a non-empty string of bytes 0x21–0x7E (the age spec's "arbitrary string").
    package static func isValidArgument(_ text: String) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// The encoded stanza: the argument line, then the body in 64-column lines, always ending with a short line.
    package var encoded: [UInt8] {
        var out = Array("->".utf8)
        for argument in [type] + arguments {
            out.append(0x20)
            out += Array(argument.utf8)
        }
        out.append(0x0A)
        let text = Array(Base64.encode(body).utf8)
        var start = 0
        while text.count - start >= HeaderParser.columnsPerLine {
            out += text[start..<start + HeaderParser.columnsPerLine]
            out.append(0x0A)
            start += HeaderParser.columnsPerLine
        }
        out += text[start...]
        out.append(0x0A)
        return out
    }
}
