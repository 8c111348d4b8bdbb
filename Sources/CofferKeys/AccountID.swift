// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `accountID = BLAKE2b-128("coffer/v1/account-id" ‖ ed25519PublicKey)`: 16 bytes that name an account.
///
/// The id is derived from the account's signing key, so it is self-certifying: whoever knows the id can check
/// that a bundle or account record served by the storage side belongs to it, with no other trusted state.
public struct AccountID: Sendable, Hashable, Comparable, CustomStringConvertible {
    package static let byteCount = 16
    package static let label = "coffer/v1/account-id"

    package let bytes: [UInt8]

    /// All zero: no account's id (an account id is a BLAKE2b output), e.g. "remove nobody" in a rekey.
    package static let zero = AccountID(validated: [UInt8](repeating: 0, count: byteCount))

    private init(validated bytes: [UInt8]) { self.bytes = bytes }

    /// The id of the account whose signing key is `signingKey`.
    package init(signingKey: Ed25519.VerifyingKey) {
        bytes = BLAKE2b.hash(Array(Self.label.utf8) + signingKey.rawRepresentation, length: .bytes16)
    }

    /// 16 raw bytes as read from a record (not yet checked against any key).
    package init(bytes: [UInt8]) throws(KeysError) {
        guard bytes.count == Self.byteCount else {
            throw .malformedRecord(kind: "account id", reason: "has \(bytes.count) bytes, expected 16")
        }
        self.bytes = bytes
    }

    /// Parses the 32-character lowercase hex form.
    public init(hex: String) throws(KeysError) {
        let utf8 = Array(hex.utf8)
        let digits = Array("0123456789abcdef".utf8)
        guard utf8.count == 2 * Self.byteCount, utf8.allSatisfy(digits.contains) else {
            throw .notFound("account \"\(hex)\" (an account id is 32 lowercase hex digits)")
        }
        var out: [UInt8] = []
        for index in stride(from: 0, to: utf8.count, by: 2) {
            let high = UInt8(digits.firstIndex(of: utf8[index])!)
            let low = UInt8(digits.firstIndex(of: utf8[index + 1])!)
            out.append(high << 4 | low)
        }
        bytes = out
    }

    /// Lowercase hex, 32 characters.
    package var hex: String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    public var description: String { hex }

    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
