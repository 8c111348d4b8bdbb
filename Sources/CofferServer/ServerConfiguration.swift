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
    /// The origins (`scheme://host[:port]`) clients address this server by, which their signatures must name
    /// (Spec/server.md §6.1). Empty: `http://HOST:PORT` of the bound address, and on loopback also `localhost`,
    /// `127.0.0.1` and `[::1]` at that port.
    public var publicOrigins: [String]
    /// How far (seconds) a signed request's `Coffer-Time` may be from the server's clock.
    public var signatureWindow: Int64

    public init(
        host: String, port: Int, dataDirectory: URL, database: DatabaseURL? = nil,
        limits: ServerLimits = ServerLimits(), publicOrigins: [String] = [], signatureWindow: Int64 = 300
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database
        self.limits = limits
        self.publicOrigins = publicOrigins
        self.signatureWindow = signatureWindow
    }

    /// True for an address only this machine reaches.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// True for an address that binds every interface (`0.0.0.0`, `::`): no single origin names it.
    public static func isWildcard(_ host: String) -> Bool { ["0.0.0.0", "::", "*", ""].contains(host) }
}

/// Limits the server enforces before it stores anything (Spec/server.md §6.3).
public struct ServerLimits: Sendable {
    /// The largest record body accepted (`413` above). The vault's largest commit point, a listing of 2²⁰
    /// entries, is about 49 MiB; a file's payload record is its size plus 0.03 %.
    public var maxRecordBytes: Int
    /// The largest link file accepted (`413` above), streamed to disk.
    public var maxLinkBytes: Int
    /// Bytes one account may keep: the records it created and the links it uploaded (`507` above).
    public var quotaBytes: Int64
    /// The largest request head (request line and headers) accepted; above it the connection is closed.
    public var maxHeaderBytes: Int
    /// Requests one client address may make per minute (`429` above).
    public var requestsPerMinute: Int
    /// Failed link lookups (`404`) and refused signatures (`401`) one address may cause per minute; past it,
    /// every request from that address is `429` until the minute ends.
    public var failuresPerMinute: Int
    /// Seconds a connection may stay silent (no request, or a request that stopped sending) before it is closed.
    public var idleTimeoutSeconds: Int
    /// Seconds from the first byte of a request until its head (request line and headers) must be complete,
    /// however steadily it arrives (`408` and the connection closed after).
    public var headTimeoutSeconds: Int
    /// SQLite only: a record body above this many bytes is kept in a file of the data directory, named by its row,
    /// rather than in the row (SQLite holds at most 10⁹ bytes in one value).
    public var recordFileBytes: Int
    /// The slowest body accepted after the first `slowBodyGraceSeconds` of a request, in bytes per second (`408`
    /// below).
    public var minBodyBytesPerSecond: Int
    public var slowBodyGraceSeconds: Int
    /// Whether a link file may be uploaded without a signature (`coffer link create --server` with an age
    /// identity and no account): owned by nobody, charged to nobody, revoked only by its token. Off by default.
    public var anonymousLinkUploads: Bool

    public init(
        maxRecordBytes: Int = 256 << 20, maxLinkBytes: Int = 4 << 30, quotaBytes: Int64 = 10 << 30,
        maxHeaderBytes: Int = 16 << 10, requestsPerMinute: Int = 6000, failuresPerMinute: Int = 60,
        idleTimeoutSeconds: Int = 30, minBodyBytesPerSecond: Int = 4096, slowBodyGraceSeconds: Int = 10,
        anonymousLinkUploads: Bool = false, headTimeoutSeconds: Int = 10, recordFileBytes: Int = 16 << 20
    ) {
        self.headTimeoutSeconds = headTimeoutSeconds
        self.recordFileBytes = recordFileBytes
        self.anonymousLinkUploads = anonymousLinkUploads
        self.maxRecordBytes = maxRecordBytes
        self.maxLinkBytes = maxLinkBytes
        self.quotaBytes = quotaBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.requestsPerMinute = requestsPerMinute
        self.failuresPerMinute = failuresPerMinute
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.minBodyBytesPerSecond = minBodyBytesPerSecond
        self.slowBodyGraceSeconds = slowBodyGraceSeconds
    }
}
