// SPDX-License-Identifier: MIT

/// Why `RecordHeader` or `RecordReader` refused a record: the field and what went wrong. Each layer turns it into
/// its own typed error — `KeysError.decoding` (accounts), `VaultError.decoding` (the vault), `LinkError.decoding`
/// (links) — so the codec is shared and the words stay those the layer has always given.
package struct RecordDecodingError: Error, Equatable, Sendable {
    /// What went wrong.
    package enum Problem: Equatable, Sendable {
        /// The bytes do not start with this magic followed by a version byte.
        case missingMagic(String)
        /// The version byte names a version the reader does not know.
        case unsupportedVersion(UInt8)
        /// The record is not the one length its version has.
        case wrongLength(actual: Int, expected: Int, version: UInt8)
        /// The record is shorter than the least its version allows.
        case tooShort(actual: Int, minimum: Int)
        /// The record ends inside the field.
        case truncated
        /// A length prefix above the field's maximum.
        case lengthAboveMaximum(length: UInt32, maximum: Int)
        /// Bytes after the last field.
        case trailingBytes(Int)
        /// A value the format does not allow, with the rule it breaks.
        case invalid(String)
    }

    /// The field being read ("magic", "version", "length" for the header).
    package let field: String
    package let problem: Problem

    package init(field: String, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// The reason a `malformedRecord` of `kind` gives, e.g. `ends inside tree owner`.
    package func reason(kind: String) -> String {
        switch problem {
        case .missingMagic(let magic): "does not start with \"\(magic)\""
        case .unsupportedVersion(let version): "has format version \(version)"
        case .wrongLength(let actual, let expected, let version):
            "is \(actual) bytes, a version \(version) record is \(expected)"
        case .tooShort(let actual, _): "is \(actual) bytes, shorter than any \(kind) record"
        case .truncated: "ends inside \(field)"
        case .lengthAboveMaximum(let length, let maximum): "\(field) length \(length) exceeds \(maximum)"
        case .trailingBytes(let count): "\(count) trailing bytes"
        case .invalid(let rule): rule
        }
    }
}
