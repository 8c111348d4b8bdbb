// SPDX-License-Identifier: MIT
import Foundation
import Synchronization

/// The `Date` header of answers written below Hummingbird (`LinkReadResponder`), in the IMF-fixdate form
/// Hummingbird writes (RFC 9110 §5.6.7, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted once a second.
enum HTTPDate {
    private static let kept = Mutex<(second: Int, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static var now: String {
        var seconds = time(nil)
        return kept.withLock { kept in
            if kept.second != seconds {
                kept = (seconds, format(&seconds))
            }
            return kept.text
        }
    }

    /// `seconds` since 1970 as an IMF-fixdate.
    static func format(_ seconds: inout time_t) -> String {
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil, days.indices.contains(Int(parts.tm_wday)),
            months.indices.contains(Int(parts.tm_mon))
        else { return "" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
