// SPDX-License-Identifier: MIT

/// A `Range` request header against a resource of `size` bytes (RFC 9110 §14): one range only. A header that does
/// not parse, or asks for several ranges, is ignored (the whole resource is served, as §14.2 allows); a range
/// that starts at or past the end is unsatisfiable (`416`).
enum ByteRange: Equatable {
    case whole
    case part(ClosedRange<Int64>)
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .whole }
        // Bytes, not characters: this runs on every download, and Foundation's trimming was a visible part of one.
        var spec = Substring(header).utf8
        guard spec.starts(with: "bytes=".utf8) else { return .whole }
        spec = spec.dropFirst("bytes=".utf8.count)
        while let first = spec.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { spec.removeFirst() }
        while let last = spec.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { spec.removeLast() }
        guard let dash = spec.firstIndex(of: UInt8(ascii: "-")) else { return .whole }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        guard first.allSatisfy(isDigit), last.allSatisfy(isDigit), first.count <= 18, last.count <= 18 else {
            return .whole
        }
        if first.isEmpty {
            guard let suffix = number(last), suffix > 0 else { return last.isEmpty ? .whole : .unsatisfiable }
            guard size > 0 else { return .unsatisfiable }
            return .part(max(0, size - suffix)...(size - 1))
        }
        guard let start = number(first) else { return .whole }
        guard start < size else { return .unsatisfiable }
        if last.isEmpty { return .part(start...(size - 1)) }
        guard let end = number(last), end >= start else { return .whole }
        return .part(start...min(end, size - 1))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// At most 18 ASCII digits (checked by the caller), so no overflow; nil when empty.
    private static func number(_ digits: Substring.UTF8View.SubSequence) -> Int64? {
        guard !digits.isEmpty else { return nil }
        return digits.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }
}
