// SPDX-License-Identifier: MIT

/// Reads an untrusted record field by field (Spec/conventions.md, "Records"). Every read checks what remains and
/// throws `RecordDecodingError` naming the field, so no input, however short or long, can make it trap; `finish`
/// refuses trailing bytes; `consumed` is the prefix read so far (what a signature or an AEAD tag covers).
package struct RecordReader: Sendable {
    private let bytes: [UInt8]
    package private(set) var offset: Int

    /// A reader of `bytes` from `offset` (after a header `RecordHeader.read` has checked).
    package init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = min(max(offset, 0), bytes.count)
    }

    /// The bytes not read yet.
    package var remaining: Int { bytes.count - offset }

    /// The bytes read so far: the signed or authenticated prefix of a record.
    package var consumed: [UInt8] { Array(bytes[..<offset]) }

    /// The next `count` bytes (`truncated` when fewer remain).
    package mutating func take(_ count: Int, _ field: String) throws(RecordDecodingError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw RecordDecodingError(field: field, problem: .truncated) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    package mutating func byte(_ field: String) throws(RecordDecodingError) -> UInt8 { try take(1, field)[0] }

    /// `BE16`.
    package mutating func uint16(_ field: String) throws(RecordDecodingError) -> UInt16 {
        try take(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }

    /// `BE32`.
    package mutating func uint32(_ field: String) throws(RecordDecodingError) -> UInt32 {
        try take(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// `BE64`.
    package mutating func uint64(_ field: String) throws(RecordDecodingError) -> UInt64 {
        try take(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// `BE32(n) ‖ n bytes` with `n ≤ maximum`, checked before anything is allocated (`lengthAboveMaximum`).
    package mutating func lengthPrefixed(_ field: String, maximum: Int) throws(RecordDecodingError) -> [UInt8] {
        let count = try uint32("\(field) length")
        guard count <= maximum else {
            throw RecordDecodingError(field: field, problem: .lengthAboveMaximum(length: count, maximum: maximum))
        }
        return try take(Int(count), field)
    }

    /// A 16-byte account id. The bytes are read before they are wrapped, so a record that ends inside the id is
    /// `truncated`, never a trap (FUZZING.md, finding 2).
    package mutating func accountID(_ field: String) throws(RecordDecodingError) -> AccountID {
        let bytes = try take(AccountID.byteCount, field)
        do {
            return try AccountID(bytes: bytes)
        } catch {
            throw RecordDecodingError(field: field, problem: .invalid("has a malformed \(field)"))
        }
    }

    /// Refuses anything after the last field (`trailingBytes`): every record has exactly one encoding.
    package func finish() throws(RecordDecodingError) {
        guard remaining == 0 else { throw RecordDecodingError(field: "end", problem: .trailingBytes(remaining)) }
    }
}
