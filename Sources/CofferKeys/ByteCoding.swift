// SPDX-License-Identifier: MIT

/// Writes the big-endian, fixed-layout fields of Coffer's records (Spec/accounts.md, "Conventions").
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ data: [UInt8]) { bytes += data }
    mutating func append(ascii text: String) { bytes += Array(text.utf8) }
    mutating func append(_ value: UInt8) { bytes.append(value) }

    mutating func append(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func append(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(value >> UInt64(shift) & 0xff)) }
    }
}

/// Reads a record of known total length field by field. The caller checks the length first, so reads past the
/// end are programming errors; `finish` enforces that nothing trails the last field.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ count: Int) -> [UInt8] {
        precondition(offset + count <= bytes.count, "record length must be checked before parsing")
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte() -> UInt8 { take(1)[0] }

    mutating func uint32() -> UInt32 { take(4).reduce(0) { $0 << 8 | UInt32($1) } }

    mutating func uint64() -> UInt64 { take(8).reduce(0) { $0 << 8 | UInt64($1) } }

    /// The bytes read so far: the signed or authenticated prefix of a record.
    var consumed: [UInt8] { Array(bytes[..<offset]) }
}

/// The checks every record reader runs first, in this order: magic, version, exact length.
enum RecordHeader {
    static let versionOne: UInt8 = 1
    /// The version of the bundle, identity secrets and account records of an account with a post-quantum key.
    static let versionTwo: UInt8 = 2

    /// Refuses `bytes` unless it starts with `magic`, then version 1, and is exactly `length` bytes.
    static func check(_ bytes: [UInt8], kind: String, magic: String, length: Int) throws(KeysError) {
        _ = try check(bytes, kind: kind, magic: magic, lengths: [versionOne: length])
    }

    /// Refuses `bytes` unless it starts with `magic`, then one of the versions in `lengths`, and has that
    /// version's exact length. Returns the version.
    static func check(
        _ bytes: [UInt8], kind: String, magic: String, lengths: [UInt8: Int]
    ) throws(KeysError) -> UInt8 {
        let magicBytes = Array(magic.utf8)
        guard bytes.count >= magicBytes.count + 1, Array(bytes.prefix(magicBytes.count)) == magicBytes else {
            throw .malformedRecord(kind: kind, reason: "does not start with \"\(magic)\"")
        }
        let version = bytes[magicBytes.count]
        guard let length = lengths[version] else { throw .unsupportedVersion(kind: kind, version: version) }
        guard bytes.count == length else {
            throw .malformedRecord(
                kind: kind, reason: "is \(bytes.count) bytes, a version \(version) record is \(length)")
        }
        return version
    }
}
