// SPDX-License-Identifier: MIT
import PostgresNIO

/// The PostgreSQL side of Spec/server.md §6, with the semantics of `SQLiteAccessStore`: the nonces of signed
/// requests, who may write which records, and what each account stores. Every check-and-write is one statement,
/// so two instances on one database cannot both accept a nonce or both bind a prefix.
extension PostgresServerStore {
    /// The link's row and its upload (so its chunks, `ON DELETE CASCADE`) in one statement; the foreign key from
    /// `links` is checked at the statement's end, when the row is gone.
    func deleteLink(_ lookupID: String) async throws -> Bool {
        let rows = try await rows(
            """
            WITH gone AS (DELETE FROM links WHERE lookup_id = \(lookupID) RETURNING upload),
              freed AS (DELETE FROM link_uploads WHERE upload IN (SELECT upload FROM gone))
            SELECT upload FROM gone
            """)
        return !rows.isEmpty
    }

    func useNonce(_ nonce: String, time: Int64, forgetBefore: Int64) async throws -> Bool {
        if Int.random(in: 0..<64) == 0 {
            _ = try await rows("DELETE FROM nonces WHERE time < \(forgetBefore)")
        }
        let rows = try await rows(
            "INSERT INTO nonces (nonce, time) VALUES (\(nonce), \(time)) ON CONFLICT DO NOTHING RETURNING nonce")
        return !rows.isEmpty
    }

    func prefixAccess(vault: String, prefix: String, account: String) async throws -> PrefixAccess {
        let rows = try await rows(
            """
            SELECT coalesce(bool_or(p.owner = \(account) OR (NOT p.root AND EXISTS (SELECT 1 FROM members m
              WHERE m.vault = p.vault AND m.owner = p.owner AND m.member = \(account) AND m.granted AND m.accepted))),
              false) AS allowed, count(*) AS owners
            FROM prefixes p WHERE p.vault = \(vault) AND p.prefix = \(prefix)
            """)
        guard let row = rows.first else { return .unbound }
        let (allowed, owners) = try row.decode((Bool, Int64).self)
        guard owners > 0 else { return .unbound }
        return allowed ? .allowed : .refused
    }

    /// The creator's row and, unless `root`, its co-owners' rows in one statement: the creator's insert is
    /// arbitrated by `prefixes_creator`, and the co-owners are added only if it inserted.
    func bindPrefix(vault: String, prefix: String, creator: String, root: Bool) async throws {
        _ = try await rows(
            """
            WITH bound AS (INSERT INTO prefixes (vault, prefix, owner, creator, root)
                VALUES (\(vault), \(prefix), \(creator), true, \(root))
                ON CONFLICT (vault, prefix) WHERE creator DO NOTHING RETURNING owner)
            INSERT INTO prefixes (vault, prefix, owner, creator, root)
              SELECT DISTINCT \(vault), \(prefix), m.owner, false, false FROM members m
              WHERE EXISTS (SELECT 1 FROM bound) AND NOT \(root) AND m.vault = \(vault) AND m.member = \(creator)
                AND m.owner <> \(creator) AND m.granted AND m.accepted
              ON CONFLICT DO NOTHING
            """)
    }

    func setMember(vault: String, owner: String, member: String, folder: String, side: MemberSide) async throws {
        switch side {
        case .owner:
            _ = try await rows(
                """
                INSERT INTO members (vault, owner, member, folder, granted) VALUES (\(vault), \(owner), \(member),
                  \(folder), true) ON CONFLICT (vault, owner, member, folder) DO UPDATE SET granted = true
                """)
        case .member:
            _ = try await rows(
                """
                INSERT INTO members (vault, owner, member, folder, accepted) VALUES (\(vault), \(owner), \(member),
                  \(folder), true) ON CONFLICT (vault, owner, member, folder) DO UPDATE SET accepted = true
                """)
        }
    }

    func removeMember(vault: String, owner: String, member: String, folder: String) async throws {
        _ = try await rows(
            """
            DELETE FROM members WHERE vault = \(vault) AND owner = \(owner) AND member = \(member)
              AND folder = \(folder)
            """)
    }

    /// As SQLite counts: the bytes of the records `{prefix}.*` under every prefix the account created (byte order,
    /// `COLLATE "C"`, whatever the database's locale), and the sizes of the links it uploaded.
    func usage(account: String) async throws -> Int64 {
        let rows = try await rows(
            """
            SELECT (SELECT coalesce(sum(coalesce(r.size, octet_length(r.bytes))), 0) FROM prefixes p JOIN records r
                ON r.vault = p.vault AND r.id COLLATE "C" > (p.prefix || '.') COLLATE "C"
                AND r.id COLLATE "C" < (p.prefix || '/') COLLATE "C"
                WHERE p.owner = \(account) AND p.creator)::BIGINT
              + (SELECT coalesce(sum(size), 0) FROM links WHERE owner = \(account))::BIGINT
            """)
        guard let row = rows.first else { return 0 }
        return try row.decode(Int64.self)
    }
}
