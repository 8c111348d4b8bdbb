// SPDX-License-Identifier: MIT
import Foundation
import Logging
import PostgresNIO

@testable import CofferServer

/// The PostgreSQL cluster the tests use: `$COFFER_TEST_POSTGRES_URL`, a superuser's URL that `./dev test`
/// exports after starting a throw-away cluster. Without it, PostgreSQL tests are left out locally (said once on
/// stderr) and fail in CI (`CI=true`), where `./dev test` must have started one.
enum PostgresTestCluster {
    static let url: String? = {
        let environment = ProcessInfo.processInfo.environment
        let url = environment["COFFER_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil, environment["CI"] != "true" {
            FileHandle.standardError.write(
                Data(
                    ("coffer tests: COFFER_TEST_POSTGRES_URL is not set, so the server suites run on SQLite only "
                        + "(./dev test starts a PostgreSQL cluster and sets it)\n").utf8))
        }
        return url
    }()

    /// True if PostgreSQL tests must run: the cluster is given, or this is CI.
    static var required: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "COFFER_TEST_POSTGRES_URL is not set although CI=true: ./dev test starts PostgreSQL and exports it"
        }
    }

    /// The cluster's URL with another database in its path.
    static func url(database: String) throws -> String {
        guard let url, var components = URLComponents(string: url) else { throw Missing() }
        components.path = "/" + database
        guard let text = components.string else { throw Missing() }
        return text
    }

    /// Runs `work` with a client on the cluster's own database.
    static func withAdmin<T: Sendable>(_ work: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        guard let url else { throw Missing() }
        let client = PostgresClient(configuration: try DatabaseURL(url).configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await work(client)
        }
    }

    /// A new, empty database: its name and URL.
    static func createDatabase() async throws -> (name: String, url: String) {
        let name = "coffer_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await withAdmin { client in
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return (name, try url(database: name))
    }

    static func dropDatabase(_ name: String) async throws {
        try await withAdmin { client in
            _ = try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        }
    }

    /// The number of rows of `table` in the database `name`.
    static func count(_ table: String, in name: String) async throws -> Int {
        let client = PostgresClient(configuration: try DatabaseURL(try url(database: name)).configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).collect()
            return Int(try rows.first?.decode(Int64.self) ?? -1)
        }
    }
}
