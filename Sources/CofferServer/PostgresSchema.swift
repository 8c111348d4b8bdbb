// SPDX-License-Identifier: MIT
import Logging
import PostgresNIO

/// The PostgreSQL schema (Spec/server.md §4.3). Created if absent under a transaction-scoped advisory lock, so
/// several `coffer serve` instances starting at once on one database do not race on `CREATE TABLE`.
///
/// - `records`: a vault's records, as in SQLite (§4.1), the version `hex(SHA-256(bytes))`. A body streamed in
///   (§4.4) is an upload's chunks, as a link file is: `upload` names it, `size` is its length, `bytes` is empty.
/// - `link_uploads`: one row per link upload begun; `link_chunks` holds its bytes in `chunkSize` pieces, numbered
///   from 0, and goes with it (`ON DELETE CASCADE`).
/// - `links`: a committed link's metadata and the upload that holds its bytes. Inserting this row is the one
///   statement that makes a link visible; every read starts from it, so chunks of an unfinished upload are never
///   served. `digest` (SHA-256 of the file) tells a retried upload from another file under the same lookup id;
///   `owner` is the uploading account (§6.2), nil for links stored before or uploaded anonymously;
///   `revocation_hash` is `hex(SHA-256(token))` declared at upload (links.md §9.2), nil if none.
/// - `nonces`, `prefixes`, `members`: signed requests' nonces and who may write which records (§6), as in SQLite,
///   the flags `BOOLEAN`. The partial unique index `prefixes_creator` (one creator per prefix) makes binding a
///   prefix one `INSERT … ON CONFLICT DO NOTHING`: of two instances binding it at once, one wins whole.
enum PostgresSchema {
    /// Bytes per `link_chunks` row: one row serves a 64 KiB ranged read; a 4 GiB file is 16 384 rows.
    static let chunkSize = 256 << 10

    /// Any 64-bit number, the same for every instance: it names the lock, nothing else.
    static let migrationLock: Int64 = 0x636F_6666_6572_0001

    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE IF NOT EXISTS records (vault TEXT NOT NULL, id TEXT NOT NULL, bytes BYTEA NOT NULL,
          version TEXT NOT NULL, PRIMARY KEY (vault, id))
        """,
        """
        CREATE TABLE IF NOT EXISTS link_uploads (upload UUID PRIMARY KEY,
          started TIMESTAMPTZ NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE IF NOT EXISTS link_chunks (
          upload UUID NOT NULL REFERENCES link_uploads (upload) ON DELETE CASCADE,
          seq INTEGER NOT NULL, bytes BYTEA NOT NULL, PRIMARY KEY (upload, seq))
        """,
        """
        CREATE TABLE IF NOT EXISTS links (lookup_id TEXT PRIMARY KEY,
          upload UUID NOT NULL UNIQUE REFERENCES link_uploads (upload),
          size BIGINT NOT NULL, digest BYTEA NOT NULL, etag TEXT NOT NULL, expires BIGINT, download_limit BIGINT,
          downloads BIGINT NOT NULL DEFAULT 0, last_open BIGINT)
        """,
        "ALTER TABLE links ADD COLUMN IF NOT EXISTS owner TEXT",
        "ALTER TABLE records ADD COLUMN IF NOT EXISTS upload UUID REFERENCES link_uploads (upload)",
        "ALTER TABLE records ADD COLUMN IF NOT EXISTS size BIGINT",
        "ALTER TABLE links ADD COLUMN IF NOT EXISTS revocation_hash TEXT",
        "CREATE INDEX IF NOT EXISTS links_owner ON links (owner)",
        "CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, time BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS nonces_time ON nonces (time)",
        """
        CREATE TABLE IF NOT EXISTS prefixes (vault TEXT NOT NULL, prefix TEXT NOT NULL, owner TEXT NOT NULL,
          creator BOOLEAN NOT NULL, root BOOLEAN NOT NULL, PRIMARY KEY (vault, prefix, owner))
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS prefixes_creator ON prefixes (vault, prefix) WHERE creator",
        "CREATE INDEX IF NOT EXISTS prefixes_owner ON prefixes (owner, creator)",
        """
        CREATE TABLE IF NOT EXISTS members (vault TEXT NOT NULL, owner TEXT NOT NULL, member TEXT NOT NULL,
          folder TEXT NOT NULL, granted BOOLEAN NOT NULL DEFAULT false, accepted BOOLEAN NOT NULL DEFAULT false,
          PRIMARY KEY (vault, owner, member, folder))
        """,
        "CREATE INDEX IF NOT EXISTS members_member ON members (vault, member)",
    ]

    /// Creates what is missing, then removes uploads abandoned for a day (a server killed mid-upload): none of
    /// them is named by a link or a record, so no reader ever saw them. A day, because another instance may still be
    /// receiving a large upload slowly.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            for statement in statements { try await connection.query(statement, logger: logger) }
            try await connection.query(
                """
                DELETE FROM link_uploads u WHERE started < now() - interval '1 day'
                  AND NOT EXISTS (SELECT 1 FROM links l WHERE l.upload = u.upload)
                  AND NOT EXISTS (SELECT 1 FROM records r WHERE r.upload = u.upload)
                """, logger: logger)
        }
    }
}
