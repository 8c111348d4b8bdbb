// SPDX-License-Identifier: MIT
import SQLiteNIO

/// The SQLite side of Spec/server.md §6: the nonces of signed requests, who may write which records, and what
/// each account stores. Like the records, every check-and-write is one statement.
extension SQLiteServerStore {
    static var accessSchema: [String] {
        [
            "CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, time INTEGER NOT NULL) WITHOUT ROWID",
            "CREATE INDEX IF NOT EXISTS nonces_time ON nonces (time)",
            """
            CREATE TABLE IF NOT EXISTS prefixes (vault TEXT NOT NULL, prefix TEXT NOT NULL, owner TEXT NOT NULL,
              creator INTEGER NOT NULL, root INTEGER NOT NULL, PRIMARY KEY (vault, prefix, owner)) WITHOUT ROWID
            """,
            "CREATE INDEX IF NOT EXISTS prefixes_owner ON prefixes (owner, creator)",
            """
            CREATE TABLE IF NOT EXISTS members (vault TEXT NOT NULL, owner TEXT NOT NULL, member TEXT NOT NULL,
              folder TEXT NOT NULL, granted INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (vault, owner, member, folder)) WITHOUT ROWID
            """,
            "CREATE INDEX IF NOT EXISTS members_member ON members (vault, member)",
        ]
    }

    /// A data directory from before §6 has a `links` table without `owner`.
    func addLinkOwnerColumn() async throws {
        let columns = try await connection.query("PRAGMA table_info(links)", [])
        guard !columns.contains(where: { $0.column("name")?.string == "owner" }) else { return }
        _ = try await connection.query("ALTER TABLE links ADD COLUMN owner TEXT", [])
    }

    func deleteLink(_ lookupID: String) async throws -> Bool {
        let rows = try await connection.query(
            "DELETE FROM links WHERE lookup_id = ? RETURNING lookup_id", [.text(lookupID)])
        return !rows.isEmpty
    }

    func useNonce(_ nonce: String, time: Int64, forgetBefore: Int64) async throws -> Bool {
        if Int.random(in: 0..<64) == 0 {
            _ = try await connection.query("DELETE FROM nonces WHERE time < ?", [.integer(SQLiteInt64(forgetBefore))])
        }
        let rows = try await connection.query(
            "INSERT INTO nonces (nonce, time) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING nonce",
            [.text(nonce), .integer(SQLiteInt64(time))])
        return !rows.isEmpty
    }

    func prefixAccess(vault: String, prefix: String, account: String) async throws -> PrefixAccess {
        let rows = try await connection.query(
            """
            SELECT max(p.owner = ?3 OR (p.root = 0 AND EXISTS (SELECT 1 FROM members m WHERE m.vault = ?1
              AND m.owner = p.owner AND m.member = ?3 AND m.granted = 1 AND m.accepted = 1))) AS allowed,
              count(*) AS owners
            FROM prefixes p WHERE p.vault = ?1 AND p.prefix = ?2
            """,
            [.text(vault), .text(prefix), .text(account)])
        guard let row = rows.first, let owners = row.column("owners")?.integer, owners > 0 else { return .unbound }
        return row.column("allowed")?.integer == 1 ? .allowed : .refused
    }

    func bindPrefix(vault: String, prefix: String, creator: String, root: Bool) async throws {
        let bound = try await connection.query(
            """
            INSERT INTO prefixes (vault, prefix, owner, creator, root) SELECT ?1, ?2, ?3, 1, ?4
              WHERE NOT EXISTS (SELECT 1 FROM prefixes WHERE vault = ?1 AND prefix = ?2) RETURNING owner
            """,
            [.text(vault), .text(prefix), .text(creator), .integer(root ? 1 : 0)])
        guard !bound.isEmpty, !root else { return }
        _ = try await connection.query(
            """
            INSERT OR IGNORE INTO prefixes (vault, prefix, owner, creator, root)
              SELECT DISTINCT ?1, ?2, owner, 0, 0 FROM members
              WHERE vault = ?1 AND member = ?3 AND granted = 1 AND accepted = 1
            """,
            [.text(vault), .text(prefix), .text(creator)])
    }

    func setMember(vault: String, owner: String, member: String, folder: String, side: MemberSide) async throws {
        let column = side == .owner ? "granted" : "accepted"
        _ = try await connection.query(
            """
            INSERT INTO members (vault, owner, member, folder, \(column)) VALUES (?, ?, ?, ?, 1)
              ON CONFLICT (vault, owner, member, folder) DO UPDATE SET \(column) = 1
            """,
            [.text(vault), .text(owner), .text(member), .text(folder)])
    }

    func removeMember(vault: String, owner: String, member: String, folder: String) async throws {
        _ = try await connection.query(
            "DELETE FROM members WHERE vault = ? AND owner = ? AND member = ? AND folder = ?",
            [.text(vault), .text(owner), .text(member), .text(folder)])
    }

    func usage(account: String) async throws -> Int64 {
        let records = try await connection.query(
            """
            SELECT coalesce(sum(coalesce(r.size, length(r.bytes))), 0) AS used FROM prefixes p JOIN records r
              ON r.vault = p.vault AND r.id > p.prefix || '.' AND r.id < p.prefix || '/'
            WHERE p.owner = ? AND p.creator = 1
            """,
            [.text(account)])
        let links = try await connection.query(
            "SELECT coalesce(sum(size), 0) AS used FROM links WHERE owner = ?", [.text(account)])
        let recordBytes = records.first?.column("used")?.integer ?? 0
        let linkBytes = links.first?.column("used")?.integer ?? 0
        return Int64(recordBytes) + Int64(linkBytes)
    }
}
