// SPDX-License-Identifier: MIT
import Logging

/// The server's log: swift-log's standard-error handler, given the metadata only when a line is written. Hummingbird
/// gives every request a logger with its own request id, and the standard handler formats all its metadata into text
/// each time a key is set — once per request, for lines that are almost never written (in a profile of ranged link
/// reads, about 3 % of the server's time).
struct ServerLogHandler: LogHandler {
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String) { stream = StreamLogHandler.standardError(label: label) }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var stream = stream
        stream.metadata = metadata
        stream.log(event: event)
    }
}
