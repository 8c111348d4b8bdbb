// SPDX-License-Identifier: MIT
import Foundation

/// How long `HTTPRecordStore` waits for a server (Spec/server.md §5.1): a server that stops sending is given up
/// after `idle` seconds of silence, and one that drips bytes after `idle + bytes / minimumBytesPerSecond`
/// seconds for the whole exchange, `bytes` the larger of the request body and the response bound. Either is a
/// `failure`, never a hang.
public struct HTTPTimeouts: Sendable {
    /// Seconds without a byte before the request fails.
    public var idle: TimeInterval
    /// The slowest transfer accepted over a whole exchange.
    public var minimumBytesPerSecond: Double

    public init(idle: TimeInterval = 60, minimumBytesPerSecond: Double = 256 * 1024) {
        self.idle = idle
        self.minimumBytesPerSecond = minimumBytesPerSecond
    }

    /// `idle + bytes / minimumBytesPerSecond`, at most a week.
    func deadline(bytes: Int) -> TimeInterval {
        min(idle + Double(max(bytes, 0)) / max(minimumBytesPerSecond, 1), 7 * 86_400)
    }
}
