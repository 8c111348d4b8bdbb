// SPDX-License-Identifier: MIT

/// Writes the fields of Coffer's own records — accounts (Spec/accounts.md), the vault (Spec/vault.md) and links
/// (Spec/links.md) — in their one encoding (Spec/conventions.md, "Records"): `BE16`, `BE32`, `BE64` integers, raw
/// bytes, ASCII magics and labels, `BE32(n) ‖ n bytes`. `RecordReader` reads them back.
package struct RecordWriter: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func append(_ data: [UInt8]) { bytes += data }

    /// The text's UTF-8 bytes, no length and no terminator (ASCII for magics and labels).
    package mutating func append(ascii text: String) { bytes += Array(text.utf8) }

    package mutating func append(_ value: UInt8) { bytes.append(value) }

    /// `BE16(value)`.
    package mutating func append(_ value: UInt16) { appendBigEndian(value) }

    /// `BE32(value)`.
    package mutating func append(_ value: UInt32) { appendBigEndian(value) }

    /// `BE64(value)`.
    package mutating func append(_ value: UInt64) { appendBigEndian(value) }

    /// `BE32(len(data)) ‖ data`; the caller keeps `data` within the field's maximum, which `RecordReader` enforces.
    package mutating func append(lengthPrefixed data: [UInt8]) {
        append(UInt32(truncatingIfNeeded: data.count))
        append(data)
    }

    private mutating func appendBigEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> T(shift)))
        }
    }
}
