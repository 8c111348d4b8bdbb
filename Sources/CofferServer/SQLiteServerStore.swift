// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import NIOCore
import SQLiteNIO

/// The embedded default (Spec/server.md §4.1): one SQLite file, `coffer.sqlite`, in the data directory, in WAL
/// mode with `synchronous = FULL` (a commit that returned is on disk) and a busy timeout, so several processes may
/// open it. Every conditional write is a single statement with `RETURNING`, whose row says whether it applied.
final class SQLiteServerStore: ServerStore {
    let connection: SQLiteConnection
    /// Where record bodies above its threshold live instead of in their row.
    let files: RecordFiles

    private init(connection: SQLiteConnection, files: RecordFiles) {
        self.connection = connection
        self.files = files
    }

    static func open(path: String, files: RecordFiles) async throws -> SQLiteServerStore {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let store = SQLiteServerStore(connection: connection, files: files)
        for statement
            in ([
                "PRAGMA busy_timeout = 10000",
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = FULL",
                """
                CREATE TABLE IF NOT EXISTS records (vault TEXT NOT NULL, id TEXT NOT NULL, bytes BLOB NOT NULL,
                  version TEXT NOT NULL, PRIMARY KEY (vault, id)) WITHOUT ROWID
                """,
                """
                CREATE TABLE IF NOT EXISTS links (lookup_id TEXT PRIMARY KEY, size INTEGER NOT NULL, etag TEXT NOT NULL,
                  expires INTEGER, download_limit INTEGER, downloads INTEGER NOT NULL DEFAULT 0, last_open INTEGER,
                  owner TEXT, revocation_hash TEXT)
                """,
            ] + accessSchema)
        {
            _ = try await connection.query(statement, [])
        }
        try await store.addLinkOwnerColumn()
        try await store.addRecordFileColumns()
        // A data directory made before link revocation: add its column.
        let columns = try await connection.query("PRAGMA table_info(links)", [])
        if !columns.contains(where: { $0.column("name")?.string == "revocation_hash" }) {
            _ = try await connection.query("ALTER TABLE links ADD COLUMN revocation_hash TEXT", [])
        }
        return store
    }

    func close() async throws { try await connection.close() }

    func readRecord(vault: String, id: String) async throws -> StoredServerRecord? {
        // A write may replace the row and remove the file it named between the two reads: read the row again.
        for attempt in 1...3 {
            let rows = try await connection.query(
                "SELECT bytes, version, file FROM records WHERE vault = ? AND id = ?", [.text(vault), .text(id)])
            guard let row = rows.first, let version = row.column("version")?.string else { return nil }
            guard let file = row.column("file")?.string else {
                return StoredServerRecord(bytes: row.column("bytes")?.blob ?? ByteBuffer(), version: version)
            }
            do {
                return StoredServerRecord(bytes: try files.read(file), version: version)
            } catch  where attempt < 3 {
                continue
            }
        }
        return nil
    }

    /// The values of a row for `record`: its bytes, or none and the file they were written to (`RecordFiles`).
    func values(_ record: StoredServerRecord) throws -> (bytes: SQLiteData, file: String?, size: SQLiteData) {
        if let blob = record.blob { return (.blob(ByteBuffer()), blob.name, .integer(SQLiteInt64(blob.size))) }
        let size = SQLiteData.integer(record.bytes.readableBytes)
        guard files.spills(record.bytes) else { return (.blob(record.bytes), nil, size) }
        return (.blob(ByteBuffer()), try files.write(record.bytes), size)
    }

    /// The file the row of `id` names now, if any.
    func currentFile(vault: String, id: String) async throws -> String? {
        let rows = try await connection.query(
            "SELECT file FROM records WHERE vault = ? AND id = ?", [.text(vault), .text(id)])
        return rows.first?.column("file")?.string
    }

    func createRecord(vault: String, id: String, _ record: StoredServerRecord) async throws -> Bool {
        let (bytes, file, size) = try values(record)
        let rows = try await connection.query(
            """
            INSERT INTO records (vault, id, bytes, version, file, size) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT DO NOTHING RETURNING id
            """,
            [.text(vault), .text(id), bytes, .text(record.version), file.map { .text($0) } ?? .null, size])
        if rows.isEmpty { files.remove(file) }
        return !rows.isEmpty
    }

    func replaceRecord(vault: String, id: String, _ record: StoredServerRecord, ifVersion version: String)
        async throws -> Bool
    {
        let (bytes, file, size) = try values(record)
        let old = try await currentFile(vault: vault, id: id)
        let rows = try await connection.query(
            """
            UPDATE records SET bytes = ?, version = ?, file = ?, size = ?
              WHERE vault = ? AND id = ? AND version = ? RETURNING id
            """,
            [
                bytes, .text(record.version), file.map { .text($0) } ?? .null, size, .text(vault), .text(id),
                .text(version),
            ])
        // Applied: the file read before is no row's any more (every write makes a new file; a concurrent writer
        // that replaced it first removed it already). Not applied: ours is nobody's.
        files.remove(rows.isEmpty ? file : old)
        return !rows.isEmpty
    }

    func putRecord(vault: String, id: String, _ record: StoredServerRecord) async throws {
        let (bytes, file, size) = try values(record)
        let old = try await currentFile(vault: vault, id: id)
        _ = try await connection.query(
            """
            INSERT INTO records (vault, id, bytes, version, file, size) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT (vault, id) DO UPDATE SET bytes = excluded.bytes, version = excluded.version,
              file = excluded.file, size = excluded.size
            """,
            [.text(vault), .text(id), bytes, .text(record.version), file.map { .text($0) } ?? .null, size])
        files.remove(old)
    }

    func deleteRecord(vault: String, id: String) async throws {
        let rows = try await connection.query(
            "DELETE FROM records WHERE vault = ? AND id = ? RETURNING file", [.text(vault), .text(id)])
        files.remove(rows.first?.column("file")?.string)
    }

    /// A data directory made before record files: add their columns; then sweep files no row names.
    func addRecordFileColumns() async throws {
        let columns = try await connection.query("PRAGMA table_info(records)", [])
        if !columns.contains(where: { $0.column("name")?.string == "file" }) {
            _ = try await connection.query("ALTER TABLE records ADD COLUMN file TEXT", [])
            _ = try await connection.query("ALTER TABLE records ADD COLUMN size INTEGER", [])
        }
        let named = try await connection.query("SELECT file FROM records WHERE file IS NOT NULL", [])
        files.sweep(referenced: Set(named.compactMap { $0.column("file")?.string }))
    }

    func recordIDs(vault: String) async throws -> [String] {
        let rows = try await connection.query("SELECT id FROM records WHERE vault = ? ORDER BY id", [.text(vault)])
        return rows.compactMap { $0.column("id")?.string }
    }

    /// Stores a link's metadata if absent; false if the lookup id is taken (`DirectoryLinkFiles`' commit).
    func createLink(_ link: LinkMetadata) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO links (lookup_id, size, etag, expires, download_limit, owner, revocation_hash)
              VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING lookup_id
            """,
            [
                .text(link.lookupID), .integer(SQLiteInt64(link.size)), .text(link.etag),
                link.expires.map { .integer(SQLiteInt64($0)) } ?? .null,
                link.downloadLimit.map { .integer(SQLiteInt64($0)) } ?? .null,
                link.owner.map { .text($0) } ?? .null,
                link.revocationHash.map { .text($0) } ?? .null,
            ])
        return !rows.isEmpty
    }

    func link(_ lookupID: String) async throws -> LinkMetadata? {
        let rows = try await connection.query(
            """
            SELECT size, etag, expires, download_limit, downloads, last_open, owner, revocation_hash FROM links
              WHERE lookup_id = ?
            """,
            [.text(lookupID)])
        guard let row = rows.first, let size = row.column("size")?.integer, let etag = row.column("etag")?.string
        else { return nil }
        return LinkMetadata(
            lookupID: lookupID, size: Int64(size), etag: etag, expires: row.column("expires")?.integer.map(Int64.init),
            downloadLimit: row.column("download_limit")?.integer.map(Int64.init),
            downloads: Int64(row.column("downloads")?.integer ?? 0),
            lastOpen: row.column("last_open")?.integer.map(Int64.init), owner: row.column("owner")?.string,
            revocationHash: row.column("revocation_hash")?.string)
    }

    func countOpen(_ lookupID: String, at now: Int64) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE links SET downloads = downloads + 1, last_open = ?
              WHERE lookup_id = ? AND (download_limit IS NULL OR downloads < download_limit) RETURNING downloads
            """,
            [.integer(SQLiteInt64(now)), .text(lookupID)])
        return !rows.isEmpty
    }
}

extension StoredServerRecord {
    /// A record received in a request, with its version `hex(SHA-256(bytes))`.
    init(received bytes: ByteBuffer) {
        let digest = SHA256.hash(Array(bytes.readableBytesView))
        self.init(bytes: bytes, version: digest.map { String(format: "%02x", $0) }.joined())
    }
}
