// SPDX-License-Identifier: MIT
import CofferKeys

/// Writes the big-endian fields of vault records (Spec/vault.md §2, "Encoding").
struct VaultWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ data: [UInt8]) { bytes += data }
    mutating func append(ascii text: String) { bytes += Array(text.utf8) }
    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xff)] }

    mutating func append(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func append(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(value >> UInt64(shift) & 0xff)) }
    }
}

/// Reads an untrusted record field by field: every read checks the remaining length and throws
/// `malformedRecord` instead of trapping; `finish` refuses trailing bytes.
struct VaultReader {
    let kind: String
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8], kind: String) {
        self.bytes = bytes
        self.kind = kind
    }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int, _ field: String) throws(VaultError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw .malformedRecord(kind: kind, reason: "ends inside \(field)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte(_ field: String) throws(VaultError) -> UInt8 { try take(1, field)[0] }

    /// A 16-byte account id. The bytes are read before they are wrapped: a `try!` around the read would turn a
    /// record that ends inside the id into a trap (FUZZING.md, finding 2).
    mutating func accountID(_ field: String) throws(VaultError) -> AccountID {
        let bytes = try take(AccountID.byteCount, field)
        do {
            return try AccountID(bytes: bytes)
        } catch {
            throw .malformedRecord(kind: kind, reason: "has a malformed \(field)")
        }
    }

    /// A 16-byte node id.
    mutating func nodeID(_ field: String) throws(VaultError) -> NodeID {
        NodeID(validated: try take(NodeID.byteCount, field))
    }

    mutating func uint16(_ field: String) throws(VaultError) -> UInt16 {
        try take(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func uint32(_ field: String) throws(VaultError) -> UInt32 {
        try take(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64(_ field: String) throws(VaultError) -> UInt64 {
        try take(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// `BE32(n) ‖ n bytes` with `n ≤ maximum` (checked before anything is allocated).
    mutating func lengthPrefixed(_ field: String, maximum: Int) throws(VaultError) -> [UInt8] {
        let count = try uint32("\(field) length")
        guard count <= maximum else {
            throw .malformedRecord(kind: kind, reason: "\(field) length \(count) exceeds \(maximum)")
        }
        return try take(Int(count), field)
    }

    func finish() throws(VaultError) {
        guard remaining == 0 else { throw .malformedRecord(kind: kind, reason: "\(remaining) trailing bytes") }
    }

    /// The bytes read so far.
    var consumed: [UInt8] { Array(bytes[..<offset]) }
}
