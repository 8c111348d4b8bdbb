// SPDX-License-Identifier: MIT
import CofferKeys

/// What the provider must never see about a node: `BE16(len) ‖ name ‖ BE64(size) ‖ BE64(mtime) ‖ BE16(len) ‖
/// contentType [‖ history]`, sealed inside the node record. Names are 1–255 bytes of UTF-8 without `/`, NUL or
/// control characters and are not `.` or `..` (so a name can never act as a path).
///
/// `history = 0x01 ‖ BE64(trashed) ‖ BE8(n) ‖ (BE64(version) ‖ SHA-256(record))ⁿ` (Spec/vault.md §4.1): when the
/// node went to the trash (Unix seconds, 0 when it is not there) and the node's earlier versions kept, newest
/// first. Present only when one of them is set, so a record without either has the first layout.
package struct NodeMetadata: Sendable, Equatable {
    package static let maximumNameByteCount = 255
    package static let maximumContentTypeByteCount = 255
    /// The most earlier versions one record names (the policy's ceiling: `maximumKeptVersions - 1`).
    package static let maximumPreviousVersions = 15

    /// An earlier version of the node: its version number and the SHA-256 of its node record.
    package struct PreviousVersion: Sendable, Equatable {
        package let version: UInt64
        package let recordHash: [UInt8]

        package init(version: UInt64, recordHash: [UInt8]) {
            self.version = version
            self.recordHash = recordHash
        }
    }

    package var name: String
    /// Plaintext size in bytes (0 for folders).
    package var size: UInt64
    /// Modification time, seconds since 1970-01-01 UTC.
    package var modified: UInt64
    /// A media type such as `text/plain`; empty when unknown and for folders.
    package var contentType: String
    /// When the node was moved to the trash, Unix seconds; 0 when it is not in the trash.
    package var trashed: UInt64 = 0
    /// The earlier versions kept, newest first, each older than the record's own version.
    package var previous: [PreviousVersion] = []

    package var isTrashed: Bool { trashed != 0 }

    package init(name: String, size: UInt64 = 0, modified: UInt64 = 0, contentType: String = "") throws(VaultError) {
        try Self.checkName(name)
        guard contentType.utf8.count <= Self.maximumContentTypeByteCount,
            !contentType.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
        else { throw .invalidName(contentType) }
        self.name = name
        self.size = size
        self.modified = modified
        self.contentType = contentType
    }

    /// Refuses names that are empty, too long, contain `/`, NUL or control characters, or are `.` or `..`.
    package static func checkName(_ name: String) throws(VaultError) {
        let count = name.utf8.count
        guard count >= 1, count <= maximumNameByteCount, name != ".", name != "..", !name.contains("/"),
            !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
        else { throw .invalidName(name) }
    }

    var encoded: [UInt8] {
        var writer = RecordWriter()
        writer.append(UInt16(name.utf8.count))
        writer.append(ascii: name)
        writer.append(size)
        writer.append(modified)
        writer.append(UInt16(contentType.utf8.count))
        writer.append(ascii: contentType)
        if trashed != 0 || !previous.isEmpty {
            writer.append(UInt8(1))
            writer.append(trashed)
            writer.append(UInt8(previous.count))
            for entry in previous {
                writer.append(entry.version)
                writer.append(entry.recordHash)
            }
        }
        return writer.bytes
    }

    /// Parses decrypted metadata; it was authenticated, but the rules are still enforced (one encoding only).
    init(decoding bytes: [UInt8]) throws(VaultError) {
        var reader = RecordReader(bytes)
        let nameBytes: [UInt8]
        let size: UInt64
        let modified: UInt64
        let typeBytes: [UInt8]
        var trashed: UInt64 = 0
        var previous: [PreviousVersion] = []
        do throws(RecordDecodingError) {
            nameBytes = try reader.take(Int(try reader.uint16("name length")), "name")
            size = try reader.uint64("size")
            modified = try reader.uint64("mtime")
            typeBytes = try reader.take(Int(try reader.uint16("content type length")), "content type")
            if reader.remaining > 0 { (trashed, previous) = try Self.readHistory(&reader) }
            try reader.finish()
        } catch {
            throw .decoding(error, kind: "node metadata")
        }
        guard let name = String(validating: nameBytes, as: UTF8.self),
            let type = String(validating: typeBytes, as: UTF8.self)
        else { throw .malformedRecord(kind: "node metadata", reason: "name or content type is not UTF-8") }
        do {
            try self.init(name: name, size: size, modified: modified, contentType: type)
            self.trashed = trashed
            self.previous = previous
        } catch {
            throw .malformedRecord(kind: "node metadata", reason: "name or content type breaks the naming rules")
        }
    }

    /// `0x01 ‖ BE64(trashed) ‖ BE8(n) ‖ (BE64(version) ‖ SHA-256(record))ⁿ`, newest first.
    private static func readHistory(
        _ reader: inout RecordReader
    ) throws(RecordDecodingError) -> (trashed: UInt64, previous: [PreviousVersion]) {
        guard try reader.byte("history layout") == 1 else {
            throw RecordDecodingError(field: "history layout", problem: .invalid("unknown history layout"))
        }
        let trashed = try reader.uint64("trashed")
        let count = Int(try reader.byte("previous version count"))
        guard count <= maximumPreviousVersions, trashed != 0 || count > 0 else {
            throw RecordDecodingError(
                field: "history", problem: .invalid("history is empty or names too many versions"))
        }
        var previous: [PreviousVersion] = []
        for _ in 0..<count {
            let version = try reader.uint64("previous version")
            if let last = previous.last, !(version < last.version) {
                throw RecordDecodingError(
                    field: "previous version", problem: .invalid("earlier versions are not newest first"))
            }
            previous.append(PreviousVersion(version: version, recordHash: try reader.take(32, "record hash")))
        }
        return (trashed, previous)
    }
}
