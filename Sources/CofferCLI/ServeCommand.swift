// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferServer
import Foundation

/// `coffer serve`: the storage server (Spec/server.md), on the embedded default (SQLite and a blob directory) or
/// on PostgreSQL (§4.3), whose URL never comes from the arguments with a password in it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the zero-knowledge storage server for vaults and share links.",
        discussion: """
            The server keeps opaque records and link files under --data (coffer.sqlite and blobs/), checks each \
            write's condition (create-if-absent, compare-and-swap) and serves bytes. It never sees a key, a name or \
            a password: every client checks whatever it returns. Once it accepts connections it prints \
            "coffer: serving on http://HOST:PORT" on stderr; SIGINT or SIGTERM stops it.

            With a PostgreSQL database instead of --data, all state (records, link metadata and link files) is in \
            the database, so several coffer serve processes on one database share everything. Give its URL, \
            postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require], in \
            $COFFER_DATABASE_URL or in a file with --database-file; --database takes a URL without a password only \
            (arguments are visible to every user of the machine), the password then coming from $PGPASSWORD.

            Examples:
              coffer serve --listen 127.0.0.1:8080 --data /srv/coffer
              COFFER_DATABASE_URL=postgres://coffer:PASSWORD@db.internal/coffer coffer serve --listen 0.0.0.0:8080
              coffer serve --database-file /etc/coffer/database-url --listen 127.0.0.1:8081
              coffer vault ls / --store http://127.0.0.1:8080/ --passphrase-file pass.txt
            """
    )

    @Option(help: ArgumentHelp("Address and port to listen on (port 0: any free port).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    @Option(
        help: ArgumentHelp(
            "Data directory (default: $COFFER_SERVER_DATA, else ~/.local/share/coffer/server).", valueName: "dir"))
    var data: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL without a password (default: $COFFER_DATABASE_URL); the password from $PGPASSWORD.",
            valueName: "url"))
    var database: String?

    @Option(
        help: ArgumentHelp(
            "A file whose first line is the PostgreSQL URL (it may hold the password).", valueName: "file"))
    var databaseFile: String?

    @Option(help: ArgumentHelp("Largest record accepted, in MiB (1 to 4096).", valueName: "mib"))
    var maxRecordMib: Int = 256

    @Option(help: ArgumentHelp("Largest link file accepted, in MiB (1 to 1048576).", valueName: "mib"))
    var maxLinkMib: Int = 4096

    func validate() throws {
        try OptionChecks.check(maxRecordMib, in: 1...4096, option: "--max-record-mib")
        try OptionChecks.check(maxLinkMib, in: 1...1_048_576, option: "--max-link-mib")
        _ = try Self.address(listen)
        guard database == nil || databaseFile == nil else {
            throw ValidationError("--database and --database-file name the same thing: give one of them")
        }
        guard data == nil || (database == nil && databaseFile == nil) else {
            throw ValidationError("--data is for the embedded SQLite store: with a PostgreSQL database leave it out")
        }
        if let database {
            let url = try Self.databaseURL(database)
            guard !url.hasPassword else {
                throw ValidationError(
                    "--database must not hold a password (every user of the machine can read command lines): "
                        + "give the URL in $COFFER_DATABASE_URL or --database-file, or the password in $PGPASSWORD")
            }
        }
    }

    static func databaseURL(_ text: String) throws -> DatabaseURL {
        do {
            return try DatabaseURL(text, fallbackPassword: ProcessInfo.processInfo.environment["PGPASSWORD"])
        } catch {
            let what =
                switch error {
                case .notPostgres: "is not a postgres:// URL"
                case .missingUser: "names no user (postgres://USER@HOST/DATABASE)"
                case .missingHost: "names no host, nor a socket directory (?host=/run/postgresql)"
                case .missingDatabase: "names no database (postgres://USER@HOST/DATABASE)"
                case .invalidPort: "has a port outside 1 to 65535"
                case .invalidSSLMode: "has an sslmode other than disable, prefer or require"
                }
            throw ValidationError("the database URL \(what)")
        }
    }

    /// `--database`, else the first line of `--database-file`, else `$COFFER_DATABASE_URL`, else none (SQLite).
    func databaseSetting() throws -> DatabaseURL? {
        if let database { return try Self.databaseURL(database) }
        if let databaseFile {
            guard let contents = try? String(contentsOfFile: databaseFile, encoding: .utf8) else {
                throw CLIFailure(message: "cannot read --database-file \(databaseFile)")
            }
            let line = contents.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return try Self.databaseURL(line.trimmingCharacters(in: .whitespaces))
        }
        guard data == nil, let text = ProcessInfo.processInfo.environment["COFFER_DATABASE_URL"], !text.isEmpty
        else { return nil }
        return try Self.databaseURL(text)
    }

    /// `HOST:PORT` or `[IPv6]:PORT`.
    static func address(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080") }
        return (host, port)
    }

    func run() throws {
        let (host, port) = try Self.address(listen)
        let directory = data ?? StorageOptions.defaultDirectory("COFFER_SERVER_DATA", "server")
        var database: DatabaseURL?
        try CLI.run { database = try databaseSetting() }
        let configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: URL(fileURLWithPath: directory), database: database,
            limits: ServerLimits(maxRecordBytes: maxRecordMib << 20, maxLinkBytes: maxLinkMib << 20))
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await CofferServer.run(configuration) { bound in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    CLI.note("serving on http://\(shown):\(bound)")
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        try CLI.run {
            if outcome.error as? ServerStorageError == .databaseUnavailable {
                throw CLIFailure(
                    message: "the PostgreSQL database did not answer",
                    hints: ["check that it runs and that the URL's host, port, user and database are right"])
            }
            if let error = outcome.error { throw error }
        }
    }
}

/// The server task's error, handed to the blocked main thread (written before the semaphore is signalled).
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}
