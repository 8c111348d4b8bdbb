// SPDX-License-Identifier: MIT

/// An opaque record name on the storage side: `[a-z0-9][a-z0-9._-]{0,127}`, so it is a safe file name and
/// URL path segment everywhere. It carries no secret (account records are named `<account id hex>.<kind>`).
package struct RecordID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The record's name as stored.
    package let rawValue: String

    /// A record name, checked against `[a-z0-9][a-z0-9._-]{0,127}` (`invalidRecordID` otherwise).
    package init(_ rawValue: String) throws(KeysError) {
        let bytes = Array(rawValue.utf8)
        let allowed: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || "._-".utf8.contains($0) }
        guard (1...128).contains(bytes.count), allowed(bytes[0]), bytes[0] != UInt8(ascii: "."),
            bytes[0] != UInt8(ascii: "_"), bytes[0] != UInt8(ascii: "-"), bytes.allSatisfy(allowed)
        else { throw .invalidRecordID(rawValue) }
        self.rawValue = rawValue
    }

    /// A name built from parts that are valid by construction (`RecordLabel`'s initializers).
    init(validated rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }

    package static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The three records of an account.
    package static func bundle(_ account: AccountID) -> RecordID { RecordID(account.bytes, .bundle) }
    package static func account(_ account: AccountID) -> RecordID { RecordID(account.bytes, .account) }
    package static func identitySecrets(_ account: AccountID) -> RecordID { RecordID(account.bytes, .secrets) }
}

/// The storage side of accounts: whoever holds the records (a local directory, a `coffer serve` server). It sees
/// only ciphertext and public data, and every reader treats what it returns as hostile. A client chooses one of
/// the package's stores (`DirectoryRecordStore`) and does not implement one, as for the vault (README, "Library
/// API"): the contract can then grow without breaking clients.
package protocol RecordStore: Sendable {
    /// The record's bytes; `notFound` if there is none.
    func get(_ id: RecordID) throws(KeysError) -> [UInt8]
    /// Replaces the record atomically: a reader sees the old bytes or the new, never a mix.
    func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError)
    /// Every record id, sorted.
    func list() throws(KeysError) -> [RecordID]
}

extension RecordStore {
    /// The three records of an account.
    package func accountRecords(_ account: AccountID) throws(KeysError) -> AccountRecordSet {
        AccountRecordSet(
            bundle: try get(.bundle(account)), account: try get(.account(account)),
            identitySecrets: try get(.identitySecrets(account))
        )
    }

    /// Writes the three records: the identity secrets, then the bundle, then the account record, so a crash
    /// leaves the previous revision usable — and an account gaining a post-quantum key is never left with a
    /// bundle that publishes a key its secrets do not hold (Spec/accounts.md §9.6).
    package func putAccountRecords(_ records: AccountRecordSet, for account: AccountID) throws(KeysError) {
        try put(.identitySecrets(account), records.identitySecrets)
        try put(.bundle(account), records.bundle)
        try put(.account(account), records.account)
    }

    /// The ids of the accounts whose account record is in the store.
    package func accountIDs() throws(KeysError) -> [AccountID] {
        try list().compactMap { id -> AccountID? in
            guard id.rawValue.hasSuffix(".account") else { return nil }
            return try? AccountID(hex: String(id.rawValue.dropLast(".account".count)))
        }
    }
}
