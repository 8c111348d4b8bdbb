// SPDX-License-Identifier: MIT
import Foundation

/// What `coffer serve` is told (Spec/server.md §2): where to listen, where its state lives, and its limits.
public struct ServerConfiguration: Sendable {
    /// The address to bind, e.g. `127.0.0.1`; `port` 0 picks a free port (reported once the server runs).
    public var host: String
    public var port: Int
    /// The data directory: `coffer.sqlite` (records and link metadata) and `blobs/` (link files). Unused when
    /// `database` is set.
    public var dataDirectory: URL
    /// PostgreSQL for all state instead (Spec/server.md §4.3), shared by every instance given the same database.
    public var database: DatabaseURL?
    public var limits: ServerLimits

    public init(
        host: String, port: Int, dataDirectory: URL, database: DatabaseURL? = nil, limits: ServerLimits = ServerLimits()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database
        self.limits = limits
    }
}

/// Size limits the server enforces before it stores anything (Spec/server.md §6).
public struct ServerLimits: Sendable {
    /// The largest record body accepted (`413` above). The vault's largest commit point, a listing of 2²⁰
    /// entries, is about 49 MiB; a file's payload record is its size plus 0.03 %.
    public var maxRecordBytes: Int
    /// The largest link file accepted (`413` above), streamed to disk.
    public var maxLinkBytes: Int

    public init(maxRecordBytes: Int = 256 << 20, maxLinkBytes: Int = 4 << 30) {
        self.maxRecordBytes = maxRecordBytes
        self.maxLinkBytes = maxLinkBytes
    }
}
