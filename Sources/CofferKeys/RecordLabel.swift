// SPDX-License-Identifier: MIT

/// The constant words in record names (Spec/accounts.md §9, Spec/vault.md §2): `<id>.<label>`,
/// `<id>.<label>-<hex>` or `<label>-<hex>`. The set is closed, so `RecordLabelTests` checks every label once
/// (a lower-case letter, then letters and digits, at most `maxLength`), and the ids built from them need no check at run time.
package enum RecordLabel: String, Sendable, CaseIterable {
    /// An account's records.
    case bundle, account, secrets
    /// A vault node's records.
    case node, head, body, keys, list, members, chunk, share, intent
    /// A folder link's record (`link-<lookup id>`).
    case link

    /// The longest label with which every record id built from parts stays within 128 characters:
    /// 32 + 1 + 62 + 1 + 32 = 128.
    package static let maxLength = 62

    /// Whether the label is a valid part of a record id: `[a-z0-9]{1,62}`, starting with a letter.
    package var isValidInRecordID: Bool { Self.isValid(rawValue) }

    /// `[a-z][a-z0-9]{0,61}`.
    package static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let alphanumeric: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
        return (1...Self.maxLength).contains(bytes.count) && bytes[0] >= 97 && bytes.allSatisfy(alphanumeric)
    }
}

extension RecordID {
    /// Lower-case hex of at most the first 16 bytes of `bytes` — an id's 16 bytes, or the 16-byte prefix of a
    /// hash or commitment that record names carry (Spec/vault.md §2).
    package static func hexPart(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(
            decoding: bytes.prefix(16).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// `<hex(owner)>.<label>`, e.g. `<account id>.bundle` or `<folder id>.keys`. Valid by construction: hex is
    /// `[0-9a-f]{0,32}`, the label `[a-z0-9]{1,62}` (`RecordLabelTests`), the dot sits after the hex.
    package init(_ owner: some Collection<UInt8>, _ label: RecordLabel) {
        self.init(validated: Self.hexPart(owner) + "." + label.rawValue)
    }

    /// `<hex(owner)>.<label>-<hex(tail)>`, e.g. `<node id>.node-<hash[0:16]>` or `<folder id>.share-<account id>`.
    package init(_ owner: some Collection<UInt8>, _ label: RecordLabel, _ tail: some Collection<UInt8>) {
        self.init(validated: Self.hexPart(owner) + "." + label.rawValue + "-" + Self.hexPart(tail))
    }

    /// `<label>-<hex(tail)>`, e.g. `link-<lookup id>`: starts with the label's letter.
    package init(_ label: RecordLabel, _ tail: some Collection<UInt8>) {
        self.init(validated: label.rawValue + "-" + Self.hexPart(tail))
    }
}
