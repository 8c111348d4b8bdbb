// SPDX-License-Identifier: MIT
// A reader for the YAML that Spec/server-openapi.yaml is written in, so the OpenAPI test needs no YAML package:
// block mappings and sequences by indentation, flow mappings and sequences ({…}, […]), plain, single- and
// double-quoted scalars, folded scalars (>), and comments. Anything else (anchors, tags, multi-document files,
// literal blocks) is refused with the line, so the document cannot silently leave the subset.
import Foundation

/// A parsed YAML value: every scalar kept as its text.
indirect enum YAMLNode: Equatable {
    case map([(key: String, value: YAMLNode)])
    case list([YAMLNode])
    case scalar(String)

    static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    subscript(_ key: String) -> YAMLNode? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    var entries: [(key: String, value: YAMLNode)] { if case .map(let entries) = self { entries } else { [] } }
    var items: [YAMLNode] { if case .list(let items) = self { items } else { [] } }
    var text: String? { if case .scalar(let text) = self { text } else { nil } }
}

struct YAMLError: Error, CustomStringConvertible {
    let line: Int
    let reason: String
    var description: String { "line \(line): \(reason)" }
}

/// Parses `text` in the subset described above.
struct YAMLSubset {
    private struct Line {
        let number: Int
        let indent: Int
        let text: String
    }

    private var lines: [Line] = []
    private var index = 0

    static func parse(_ text: String) throws -> YAMLNode {
        var parser = YAMLSubset()
        for (number, raw) in text.components(separatedBy: "\n").enumerated() {
            let content = Self.strippingComment(raw)
            guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let indent = content.prefix { $0 == " " }.count
            parser.lines.append(Line(number: number + 1, indent: indent, text: String(content.dropFirst(indent))))
        }
        guard let first = parser.lines.first else { return .map([]) }
        let node = try parser.block(indent: first.indent)
        if parser.index < parser.lines.count {
            throw YAMLError(line: parser.lines[parser.index].number, reason: "unexpected indentation")
        }
        return node
    }

    /// The line without a comment (`#` at its start or after a space, outside quotes) and trailing spaces.
    static func strippingComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        var end = line.endIndex
        for position in line.indices {
            let character = line[position]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " {
                end = position
                break
            }
            previous = character
        }
        var kept = String(line[..<end])
        while kept.last == " " { kept.removeLast() }
        return kept
    }

    private mutating func block(indent: Int) throws -> YAMLNode {
        guard index < lines.count else { return .scalar("") }
        if lines[index].text.hasPrefix("- ") || lines[index].text == "-" { return try sequence(indent: indent) }
        return try mapping(indent: indent)
    }

    private mutating func sequence(indent: Int) throws -> YAMLNode {
        var items: [YAMLNode] = []
        while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("-") {
            let line = lines[index]
            let rest = String(line.text.dropFirst()).trimmingCharacters(in: .whitespaces)
            // An item that opens a mapping continues on the lines indented like its first key.
            lines[index] = Line(number: line.number, indent: indent + 2, text: rest)
            if rest.isEmpty {
                index += 1
                items.append(try block(indent: lines[index].indent))
            } else if Self.keyAndValue(rest) != nil {
                items.append(try mapping(indent: indent + 2))
            } else {
                index += 1
                items.append(try Self.flow(rest, line: line.number))
            }
        }
        return .list(items)
    }

    private mutating func mapping(indent: Int) throws -> YAMLNode {
        var entries: [(key: String, value: YAMLNode)] = []
        while index < lines.count, lines[index].indent == indent {
            let line = lines[index]
            guard let (key, value) = Self.keyAndValue(line.text) else {
                throw YAMLError(line: line.number, reason: "expected `key: value`")
            }
            guard !entries.contains(where: { $0.key == key }) else {
                throw YAMLError(line: line.number, reason: "duplicate key \(key)")
            }
            index += 1
            if value.isEmpty {
                guard index < lines.count, lines[index].indent > indent else {
                    entries.append((key, .scalar("")))
                    continue
                }
                entries.append((key, try block(indent: lines[index].indent)))
            } else if value == ">" {
                var words: [String] = []
                while index < lines.count, lines[index].indent > indent {
                    words.append(lines[index].text)
                    index += 1
                }
                entries.append((key, .scalar(words.joined(separator: " "))))
            } else {
                entries.append((key, try Self.flow(value, line: line.number)))
            }
        }
        return .map(entries)
    }

    /// `key: rest` (the key plain or quoted), or nil.
    static func keyAndValue(_ text: String) -> (String, String)? {
        guard !text.hasPrefix("{"), !text.hasPrefix("[") else { return nil }
        var scanner = FlowScanner(text: Array(text), line: 0)
        guard let key = try? scanner.scalar(stoppingAt: [":"]), scanner.peek == ":" else { return nil }
        scanner.position += 1
        guard scanner.peek == nil || scanner.peek == " " else { return nil }
        return (key, String(scanner.text[scanner.position...]).trimmingCharacters(in: .whitespaces))
    }

    static func flow(_ text: String, line: Int) throws -> YAMLNode {
        for marker in ["&", "*", "!", "|", "%", "@", "`"] where text.hasPrefix(marker) {
            throw YAMLError(line: line, reason: "\(marker) is outside the subset")
        }
        var scanner = FlowScanner(text: Array(text), line: line)
        let node = try scanner.value(stoppingAt: [])
        scanner.skipSpaces()
        guard scanner.peek == nil else { throw YAMLError(line: line, reason: "trailing text") }
        return node
    }
}

/// Flow collections and scalars on one line.
private struct FlowScanner {
    let text: [Character]
    let line: Int
    var position = 0

    var peek: Character? { position < text.count ? text[position] : nil }

    mutating func skipSpaces() { while peek == " " { position += 1 } }

    mutating func value(stoppingAt stops: Set<Character>) throws -> YAMLNode {
        skipSpaces()
        switch peek {
        case "{":
            position += 1
            var entries: [(key: String, value: YAMLNode)] = []
            while true {
                skipSpaces()
                if peek == "}" { break }
                let key = try scalar(stoppingAt: [":"])
                guard peek == ":" else { throw YAMLError(line: line, reason: "expected : in a flow mapping") }
                position += 1
                entries.append((key, try value(stoppingAt: [",", "}"])))
                skipSpaces()
                if peek == "," { position += 1 } else { break }
            }
            guard peek == "}" else { throw YAMLError(line: line, reason: "unclosed {") }
            position += 1
            return .map(entries)
        case "[":
            position += 1
            var items: [YAMLNode] = []
            while true {
                skipSpaces()
                if peek == "]" { break }
                items.append(try value(stoppingAt: [",", "]"]))
                skipSpaces()
                if peek == "," { position += 1 } else { break }
            }
            guard peek == "]" else { throw YAMLError(line: line, reason: "unclosed [") }
            position += 1
            return .list(items)
        default:
            return .scalar(try scalar(stoppingAt: stops))
        }
    }

    /// A quoted scalar, or a plain one up to a stop character (`:` only when a space or the end follows).
    mutating func scalar(stoppingAt stops: Set<Character>) throws -> String {
        skipSpaces()
        if let quote = peek, quote == "\"" || quote == "'" {
            position += 1
            var value = ""
            while let character = peek, character != quote {
                if quote == "\"", character == "\\" {
                    throw YAMLError(line: line, reason: "escapes are outside the subset")
                }
                value.append(character)
                position += 1
            }
            guard peek == quote else { throw YAMLError(line: line, reason: "unclosed quote") }
            position += 1
            return value
        }
        var value = ""
        while let character = peek {
            if character == ":", position + 1 == text.count || text[position + 1] == " " { break }
            if character != ":", stops.contains(character) { break }
            value.append(character)
            position += 1
        }
        return value.trimmingCharacters(in: .whitespaces)
    }
}
