// SPDX-License-Identifier: MIT
import Foundation

/// Expiry times of link records: Unix seconds (UTC), 0 = never. Written for people as ISO 8601 in UTC, read from
/// `never`, an ISO 8601 instant (`2026-12-31T23:59:59Z`) or a duration from now (`30m`, `12h`, `7d`, `4w`).
package enum LinkTime {
    /// The client's clock, in Unix seconds.
    package static func now() -> UInt64 { UInt64(max(0, Date().timeIntervalSince1970)) }

    package static func format(_ seconds: UInt64) -> String {
        seconds == 0 ? "never" : formatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The expiry `text` asks for, which must lie after `now` (0 for `never`).
    package static func parseExpiry(_ text: String, now: UInt64) throws(LinkError) -> UInt64 {
        if text == "never" { return 0 }
        let units: [Character: UInt64] = ["m": 60, "h": 3600, "d": 86400, "w": 604_800]
        if let unit = text.last.flatMap({ units[$0] }), let count = UInt64(text.dropLast()),
            text.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }), count > 0, count <= 36500 * 86400 / unit
        {
            return now + count * unit
        }
        guard let date = formatter().date(from: text) else {
            throw .invalidExpiry("\"\(ShareLink.quoted(text))\" is not never, 30m, 12h, 7d, 4w or 2026-12-31T23:59:59Z")
        }
        let seconds = date.timeIntervalSince1970
        guard seconds > TimeInterval(now) else { throw .invalidExpiry("\(text) is not in the future") }
        return UInt64(seconds)
    }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }
}
