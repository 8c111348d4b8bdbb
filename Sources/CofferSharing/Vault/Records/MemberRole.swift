// SPDX-License-Identifier: MIT

/// What a member of a shared folder may do there (Spec/vault.md §7.1): a reader reads, a writer also writes. The
/// byte is the role's encoding in a version 2 member list; a version 1 list names writers only.
package enum MemberRole: UInt8, Sendable, Equatable, Comparable, CaseIterable {
    /// Reads the folder and everything below it; every record a reader signs is refused by every reader rule.
    case reader = 1
    /// Reads and writes: node records, listings, keyrings of the folders it makes.
    case writer = 2

    package static func < (lhs: MemberRole, rhs: MemberRole) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The word the CLI and `--json` use.
    package var name: String {
        switch self {
        case .reader: "reader"
        case .writer: "writer"
        }
    }
}
