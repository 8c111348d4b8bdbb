// SPDX-License-Identifier: MIT
import Foundation

/// A `Range` request header against a resource of `size` bytes (RFC 9110 §14): one range only. A header that does
/// not parse, or asks for several ranges, is ignored (the whole resource is served, as §14.2 allows); a range
/// that starts at or past the end is unsatisfiable (`416`).
enum ByteRange: Equatable {
    case whole
    case part(ClosedRange<Int64>)
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = String(header.dropFirst("bytes=".count)).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), first.count <= 18, last.count <= 18
        else { return .whole }
        if first.isEmpty {
            guard let suffix = Int64(last), suffix > 0 else { return last.isEmpty ? .whole : .unsatisfiable }
            guard size > 0 else { return .unsatisfiable }
            return .part(max(0, size - suffix)...(size - 1))
        }
        guard let start = Int64(first) else { return .whole }
        guard start < size else { return .unsatisfiable }
        if last.isEmpty { return .part(start...(size - 1)) }
        guard let end = Int64(last), end >= start else { return .whole }
        return .part(start...min(end, size - 1))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
