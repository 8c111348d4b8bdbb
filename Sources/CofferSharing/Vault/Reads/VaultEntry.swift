// SPDX-License-Identifier: MIT
import CofferKeys

/// One line of a folder listing, after verification.
public struct VaultEntry: Sendable, Equatable {
    /// The entry's name in its folder.
    public let name: String
    /// Whether the entry is a folder (else a file).
    public var isFolder: Bool { kind == .folder }
    /// File or folder.
    package let kind: NodeRecord.Kind
    /// The file's plaintext size in bytes, from its signed metadata.
    public let size: UInt64
    /// The modification time given when the file was put, in Unix seconds (0 when none).
    public let modified: UInt64
    /// The media type given when the file was put ("" when none).
    public let contentType: String
    package let id: NodeID
    package let version: UInt64
    /// Who wrote the record (the owner or a member).
    public let writer: AccountID

    init(_ child: VerifiedChild) {
        name = child.metadata.name
        kind = child.record.kind
        size = child.metadata.size
        modified = child.metadata.modified
        contentType = child.metadata.contentType
        id = child.record.id
        version = child.record.version
        writer = child.record.signer
    }
}

/// A file to add with `Vault.put(_:into:)`.
package struct VaultUpload: Sendable {
    package let name: String
    package let content: [UInt8]
    package let modified: UInt64
    package let contentType: String

    package init(name: String, content: [UInt8], modified: UInt64 = 0, contentType: String = "") {
        self.name = name
        self.content = content
        self.modified = modified
        self.contentType = contentType
    }
}
