// SPDX-License-Identifier: MIT

/// What the provider must never see about a node: `BE16(len) ‖ name ‖ BE64(size) ‖ BE64(mtime) ‖ BE16(len) ‖
/// contentType`, sealed inside the node record. Names are 1–255 bytes of UTF-8 without `/`, NUL or control
/// characters and are not `.` or `..` (so a name can never act as a path).
package struct NodeMetadata: Sendable, Equatable {
    package static let maximumNameByteCount = 255
    package static let maximumContentTypeByteCount = 255

    package var name: String
    /// Plaintext size in bytes (0 for folders).
    package var size: UInt64
    /// Modification time, seconds since 1970-01-01 UTC.
    package var modified: UInt64
    /// A media type such as `text/plain`; empty when unknown and for folders.
    package var contentType: String

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
        var writer = VaultWriter()
        writer.append(UInt16(name.utf8.count))
        writer.append(ascii: name)
        writer.append(size)
        writer.append(modified)
        writer.append(UInt16(contentType.utf8.count))
        writer.append(ascii: contentType)
        return writer.bytes
    }

    /// Parses decrypted metadata; it was authenticated, but the rules are still enforced (one encoding only).
    init(decoding bytes: [UInt8]) throws(VaultError) {
        var reader = VaultReader(bytes, kind: "node metadata")
        let nameBytes = try reader.take(Int(try reader.uint16("name length")), "name")
        let size = try reader.uint64("size")
        let modified = try reader.uint64("mtime")
        let typeBytes = try reader.take(Int(try reader.uint16("content type length")), "content type")
        try reader.finish()
        guard let name = String(validating: nameBytes, as: UTF8.self),
            let type = String(validating: typeBytes, as: UTF8.self)
        else { throw .malformedRecord(kind: "node metadata", reason: "name or content type is not UTF-8") }
        do {
            try self.init(name: name, size: size, modified: modified, contentType: type)
        } catch {
            throw .malformedRecord(kind: "node metadata", reason: "name or content type breaks the naming rules")
        }
    }
}
