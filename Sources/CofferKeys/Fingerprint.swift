// SPDX-License-Identifier: MIT
import CofferPrimitives

/// What two people read to each other to check a key, in the style of Signal's safety numbers:
///
/// `d = BLAKE2b-256("coffer/v1/fingerprint" ‖ accountID₁₆ ‖ x25519Public₃₂ ‖ ed25519Public₃₂)`;
/// for i in 0..<4: `groupᵢ = BE40(d[5i..<5i+5]) mod 100000`, five decimal digits with leading zeros;
/// the fingerprint is the four groups joined by single spaces, e.g. `04721 88310 59206 13377` (≈66 bits).
///
/// Digits read aloud without ambiguity; 66 bits make a second key with the same fingerprint a 2⁶⁶ search.
public struct Fingerprint: Sendable, Hashable, CustomStringConvertible {
    package static let label = "coffer/v1/fingerprint"
    package static let groupCount = 4

    /// The four groups, e.g. `["04721", "88310", "59206", "13377"]`.
    package let groups: [String]

    package init(_ keys: IdentityPublicKeys) {
        let digest = BLAKE2b.hash(
            Array(Self.label.utf8) + keys.accountID.bytes + keys.agreement.rawRepresentation
                + keys.signing.rawRepresentation,
            length: .bytes32
        )
        groups = (0..<Self.groupCount).map { index in
            let value = digest[(5 * index)..<(5 * index + 5)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 100_000
            let digits = String(value)
            return String(repeating: "0", count: 5 - digits.count) + digits
        }
    }

    public var description: String { groups.joined(separator: " ") }

    /// Compares with what a person typed: digits only count, spaces are ignored; `fingerprintMismatch` otherwise.
    package func verify(typed: String) throws(KeysError) {
        let digits = typed.filter { $0 != " " }
        guard digits == groups.joined() else { throw .fingerprintMismatch(expected: typed, actual: description) }
    }
}
