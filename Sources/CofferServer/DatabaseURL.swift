// SPDX-License-Identifier: MIT
import Foundation
import NIOSSL
import PostgresNIO

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]` (Spec/server.md §4.3), or
/// a Unix socket: `postgres://USER@/DATABASE?host=/run/postgresql`. The password may instead come from
/// `$PGPASSWORD`. The URL holds a secret, so no error quotes it, and the CLI never takes one with a password in
/// its arguments.
public struct DatabaseURL: Sendable {
    let configuration: PostgresClient.Configuration

    /// True if the URL itself carries a password (refused in a command's arguments).
    public let hasPassword: Bool

    public init(_ text: String, fallbackPassword: String? = nil) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme)
        else { throw .notPostgres }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else { throw .missingUser }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw .missingDatabase }
        let password = components.password?.removingPercentEncoding
        hasPassword = password != nil
        let query = components.queryItems ?? []
        let socketDirectory = query.first { $0.name == "host" }?.value
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .invalidPort }
        var configuration: PostgresClient.Configuration
        if let socketDirectory, socketDirectory.hasPrefix("/") {
            configuration = PostgresClient.Configuration(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user,
                password: password ?? fallbackPassword, database: database)
        } else {
            guard let host = components.host, !host.isEmpty else { throw .missingHost }
            let tls: PostgresClient.Configuration.TLS
            switch query.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
            case "disable": tls = .disable
            case "prefer": tls = .prefer(.makeClientConfiguration())
            case "require": tls = .require(.makeClientConfiguration())
            default: throw .invalidSSLMode
            }
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password ?? fallbackPassword, database: database,
                tls: tls)
        }
        self.configuration = configuration
    }
}

/// Why a database URL was refused; never quotes the URL (it may hold a password).
public enum DatabaseURLError: Error, Equatable, Sendable {
    /// Not a `postgres://` or `postgresql://` URL.
    case notPostgres
    /// No user name before the `@`.
    case missingUser
    /// No host, and no `host=/socket/directory` parameter.
    case missingHost
    /// No database name in the path.
    case missingDatabase
    /// A port outside 1…65535.
    case invalidPort
    /// `sslmode` other than `disable`, `prefer` or `require`.
    case invalidSSLMode
}
