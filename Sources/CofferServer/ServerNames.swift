// SPDX-License-Identifier: MIT
import CofferKeys

/// The names a request may carry in its path, checked before any storage is touched (Spec/server.md §3): a
/// vault name and a record id use the record-id alphabet (`a-z 0-9 . _ -`, not starting with `.`, `_` or `-`,
/// 1 to 128 bytes), so no name can be `..`, hold a `/`, or escape the data directory; a lookup id is exactly 22
/// base64url characters, as in a link's path.
enum ServerNames {
    static func vault(_ text: String) -> String? { (try? RecordID(text)).map(\.rawValue) }

    static func record(_ text: String) -> String? { (try? RecordID(text)).map(\.rawValue) }

    static func lookupID(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        let allowed: (UInt8) -> Bool = {
            ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95
        }
        guard bytes.count == 22, bytes.allSatisfy(allowed) else { return nil }
        // 22 base64url characters carry 132 bits; the last one holds 2 of the id's 128, so its low 4 bits are 0.
        guard let last = bytes.last, let value = base64URLValue(last), value & 0x0F == 0 else { return nil }
        return text
    }

    private static func base64URLValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 65...90: byte - 65
        case 97...122: byte - 97 + 26
        case 48...57: byte - 48 + 52
        case 45: 62
        case 95: 63
        default: nil
        }
    }
}
