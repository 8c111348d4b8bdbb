// SPDX-License-Identifier: MIT

/// The one header check of Coffer's own records (Spec/conventions.md, "Records"), run first and in this order:
/// the magic (`missingMagic`), the version (`unsupportedVersion`, before the length, so a record of a future
/// version whose length differs is reported as such), then the length that version has — exact for the account
/// records, a minimum for the vault's envelope and the link record (`wrongLength`, `tooShort`).
package enum RecordHeader {
    package static let versionOne: UInt8 = 1
    /// The version of the bundle, identity secrets and account records of an account with a post-quantum key.
    package static let versionTwo: UInt8 = 2

    /// The length a version of a record has.
    package enum Length: Sendable, Equatable {
        /// Exactly this many bytes (a fixed layout).
        case exactly(Int)
        /// At least this many bytes (the fields after the header say how many).
        case atLeast(Int)
    }

    /// Checks `magic ‖ version` and the length `lengths[version]` gives; returns the version and a reader placed
    /// after the version byte. An empty `magic` is a record that starts with its version (a link record).
    package static func read(
        _ bytes: [UInt8], magic: String, lengths: [UInt8: Length]
    ) throws(RecordDecodingError) -> (version: UInt8, reader: RecordReader) {
        let magicBytes = Array(magic.utf8)
        guard bytes.count > magicBytes.count, bytes.starts(with: magicBytes) else {
            throw RecordDecodingError(field: "magic", problem: .missingMagic(magic))
        }
        let version = bytes[magicBytes.count]
        guard let length = lengths[version] else {
            throw RecordDecodingError(field: "version", problem: .unsupportedVersion(version))
        }
        switch length {
        case .exactly(let expected):
            guard bytes.count == expected else {
                throw RecordDecodingError(
                    field: "length", problem: .wrongLength(actual: bytes.count, expected: expected, version: version))
            }
        case .atLeast(let minimum):
            guard bytes.count >= minimum else {
                throw RecordDecodingError(field: "length", problem: .tooShort(actual: bytes.count, minimum: minimum))
            }
        }
        return (version, RecordReader(bytes, offset: magicBytes.count + 1))
    }
}
