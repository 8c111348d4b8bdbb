// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// `id = CSPRNG(16)` — the opaque name of a file or folder on the storage side. It carries nothing: names live in
/// the encrypted metadata. The root folder's id is derived (`rootID`), so the storage side cannot substitute it.
public struct NodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    package static let byteCount = 16
    /// All zero: the "parent" of a root folder.
    package static let zero = NodeID(validated: [UInt8](repeating: 0, count: byteCount))

    package let bytes: [UInt8]

    init(validated bytes: [UInt8]) { self.bytes = bytes }

    package init(bytes: [UInt8]) throws(VaultError) {
        guard bytes.count == Self.byteCount else {
            throw .malformedRecord(kind: "node id", reason: "\(bytes.count) bytes, expected \(Self.byteCount)")
        }
        self.bytes = bytes
    }

    /// Parses 32 lowercase hex digits.
    public init(hex: String) throws(VaultError) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * Self.byteCount,
            digits.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { throw .notFound("node id \"\(hex)\" (32 lowercase hex digits)") }
        let value: (UInt8) -> UInt8 = { $0 <= 57 ? $0 - 48 : $0 - 87 }
        bytes = stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    /// A fresh random id.
    package static func random() -> NodeID { NodeID(validated: SecureRandom.bytes(count: byteCount)) }

    /// `rootID = BLAKE2b-128("coffer/v1/vault/root-id" ‖ accountID)`: every account's tree has a fixed root.
    package static func root(of account: AccountID) -> NodeID {
        NodeID(validated: BLAKE2b.hash(Array(VaultLabel.rootID.utf8) + account.bytes, length: .bytes16))
    }

    /// The id in lowercase hex (32 characters).
    package var hex: String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
    /// The id in lowercase hex (32 characters), as `init(hex:)` reads it.
    public var description: String { hex }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

extension RecordReader {
    /// A 16-byte node id (`truncated` when the record ends inside it).
    mutating func nodeID(_ field: String) throws(RecordDecodingError) -> NodeID {
        NodeID(validated: try take(NodeID.byteCount, field))
    }
}
