// SPDX-License-Identifier: MIT
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// All server state in PostgreSQL (Spec/server.md §4.3): records, link metadata and link files in chunks, so
/// several stateless `coffer serve` instances share everything. Every conditional write is one statement, a
/// transaction of its own, whose `RETURNING` row says whether it applied; PostgreSQL's row locks make a second
/// writer wait and re-check the condition on the row the first one committed, so compare-and-swap holds across
/// instances. A database that does not answer is `ServerStoreError.unavailable` (`503`) within `timeout`.
final class PostgresServerStore: ServerStore {
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    /// The longest an operation waits for the database (a connection, then its statements) before `503`.
    static let timeout: Duration = .seconds(10)

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Connects (a pool of up to `maxConnections`), creates the schema if absent, and sweeps abandoned uploads.
    static func open(_ configuration: PostgresClient.Configuration, maxConnections: Int = 20) async throws
        -> PostgresServerStore
    {
        var configuration = configuration
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = maxConnections
        let logger = Logger(label: "coffer.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = PostgresServerStore(client: PostgresClient(configuration: configuration), logger: logger)
        do {
            try await store.guarded { try await PostgresSchema.migrate(store.client, logger: logger) }
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    func close() async {
        running.cancel()
        await running.value
    }

    /// Runs `work` against the database within `timeout`; a refused, closed or silent database is `unavailable`.
    /// The answer does not wait for `work` to notice the time limit (a query on a connection to a host that went
    /// silent may not end before TCP gives up): it is abandoned, and finishes or fails on its own.
    func guarded<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let answer = OneAnswer(continuation)
                let timer = Task {
                    try await Task.sleep(for: Self.timeout)
                    answer.give(.failure(ServerStoreError.unavailable))
                }
                Task {
                    do { answer.give(.success(try await work())) } catch { answer.give(.failure(error)) }
                    timer.cancel()
                }
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Connection failures, a server shutting down or out of resources (SQLSTATE classes 08, 53, 57), the pool's
    /// own refusals and time-outs are `unavailable`; anything else (a bug) is thrown as it is, a `500`.
    static func storeError(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else {
            return error is PostgresDecodingError ? error : ServerStoreError.unavailable
        }
        if error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? ""
            return ["08", "53", "57"].contains(String(state.prefix(2))) ? ServerStoreError.unavailable : error
        }
        let unavailable: [PSQLError.Code] = [
            .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .queryCancelled,
        ]
        return unavailable.contains(error.code) ? ServerStoreError.unavailable : error
    }

    /// The rows of one statement, collected (every statement here returns at most a few small rows, or one record).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await guarded { [client] in try await client.query(query).collect() }
    }

    func readRecord(vault: String, id: String) async throws -> StoredServerRecord? {
        let rows = try await rows("SELECT bytes, version FROM records WHERE vault = \(vault) AND id = \(id)")
        guard let row = rows.first else { return nil }
        let (bytes, version) = try row.decode((ByteBuffer?, String).self)
        return StoredServerRecord(bytes: bytes ?? ByteBuffer(), version: version)
    }

    func createRecord(vault: String, id: String, _ record: StoredServerRecord) async throws -> Bool {
        let upload = try record.blob.map { blob in
            guard let upload = UUID(uuidString: blob.name) else { throw ServerStoreError.unavailable }
            return upload
        }
        let size = record.blob?.size
        let rows = try await rows(
            """
            INSERT INTO records (vault, id, bytes, version, upload, size)
              VALUES (\(vault), \(id), \(record.bytes), \(record.version), \(upload), \(size))
              ON CONFLICT DO NOTHING RETURNING id
            """)
        // Not applied: the streamed body no row names goes now (it would be swept a day later otherwise).
        if rows.isEmpty, let upload { _ = try? await self.rows("DELETE FROM link_uploads WHERE upload = \(upload)") }
        return !rows.isEmpty
    }

    func replaceRecord(vault: String, id: String, _ record: StoredServerRecord, ifVersion version: String)
        async throws -> Bool
    {
        let rows = try await rows(
            """
            UPDATE records SET bytes = \(record.bytes), version = \(record.version), upload = NULL, size = NULL
              WHERE vault = \(vault) AND id = \(id) AND version = \(version) RETURNING id
            """)
        return !rows.isEmpty
    }

    func putRecord(vault: String, id: String, _ record: StoredServerRecord) async throws {
        _ = try await rows(
            """
            INSERT INTO records (vault, id, bytes, version) VALUES (\(vault), \(id), \(record.bytes), \(record.version))
              ON CONFLICT (vault, id) DO UPDATE SET bytes = excluded.bytes, version = excluded.version, upload = NULL,
                size = NULL
            """)
    }

    func deleteRecord(vault: String, id: String) async throws {
        // A streamed body's chunks go in the same statement as the row that named them.
        _ = try await rows(
            """
            WITH gone AS (DELETE FROM records WHERE vault = \(vault) AND id = \(id) RETURNING upload)
            DELETE FROM link_uploads WHERE upload IN (SELECT upload FROM gone)
            """)
    }

    func recordIDs(vault: String) async throws -> [String] {
        // COLLATE "C": byte order, as SQLite sorts and as `recordIDs()` promises, whatever the database's locale.
        try await rows("SELECT id FROM records WHERE vault = \(vault) ORDER BY id COLLATE \"C\"").map {
            try $0.decode(String.self)
        }
    }

    func link(_ lookupID: String) async throws -> LinkMetadata? {
        let rows = try await rows(
            """
            SELECT size, etag, expires, download_limit, downloads, last_open, owner, revocation_hash FROM links
              WHERE lookup_id = \(lookupID)
            """)
        guard let row = rows.first else { return nil }
        let (size, etag, expires, limit, downloads, lastOpen, owner, revocationHash) = try row.decode(
            (Int64, String, Int64?, Int64?, Int64, Int64?, String?, String?).self)
        return LinkMetadata(
            lookupID: lookupID, size: size, etag: etag, expires: expires, downloadLimit: limit, downloads: downloads,
            lastOpen: lastOpen, owner: owner, revocationHash: revocationHash)
    }

    func countOpen(_ lookupID: String, at now: Int64) async throws -> Bool {
        let rows = try await rows(
            """
            UPDATE links SET downloads = downloads + 1, last_open = \(now)
              WHERE lookup_id = \(lookupID) AND (download_limit IS NULL OR downloads < download_limit)
              RETURNING downloads
            """)
        return !rows.isEmpty
    }
}

/// Resumes a continuation with the first result given, and ignores the rest.
private final class OneAnswer<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    func give(_ result: Result<T, any Error>) {
        continuation.withLock { waiting in
            waiting?.resume(with: result)
            waiting = nil
        }
    }
}
