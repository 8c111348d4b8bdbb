// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferRemote
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

            Who may do what: vault requests are signed with the account's Ed25519 identity key (the server learns \
            account ids and public keys only). A signature names the server's origin, so clients must reach it at \
            an origin it knows: by default http://HOST:PORT of --listen (on loopback also localhost); behind a \
            proxy or TLS terminator, name each with --public-url. Signed times may differ from the server's clock \
            by --signature-window seconds; each nonce is accepted once, across restarts. The first signed write of \
            a folder's records binds them to the writer; only that account and the members it shared with (and who \
            accepted) may write them afterwards. Account records are readable by anyone who reaches the server: \
            the encrypted .secrets record can be attacked offline at the Argon2id cost, so keep passwords strong.

            Limits per client address (--rate-per-minute, --failures-per-minute: 404 link lookups and refused \
            signatures), per account (--quota-mib), per request (--max-record-mib, --max-link-mib, \
            --max-header-kib) and per connection (--idle-timeout, --head-timeout, --min-upload-kib-per-second) \
            answer 429, 507, 413, 408 or close the connection. The defaults suit one host on a private network; \
            coffer serve speaks plain HTTP: listening beyond loopback, put it behind a TLS proxy (and say so with \
            --public-url).

            With a PostgreSQL database instead of --data, all state (records, link metadata and link files) is in \
            the database, so several coffer serve processes on one database share everything. Give its URL, \
            postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require], in \
            $COFFER_DATABASE_URL or in a file with --database-file; --database takes a URL without a password only \
            (arguments are visible to every user of the machine), the password then coming from $PGPASSWORD.

            Examples:
              coffer serve --listen 127.0.0.1:8080 --data /srv/coffer
              coffer serve --listen 10.0.0.5:8080 --public-url https://files.example.org
              coffer serve --quota-mib 20480 --rate-per-minute 600 --failures-per-minute 20
              COFFER_DATABASE_URL=postgres://coffer:PASSWORD@db.internal/coffer coffer serve --listen 127.0.0.1:8080
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
        name: .customLong("public-url"),
        help: ArgumentHelp(
            "A URL clients reach this server by (repeatable); required when --listen binds every interface.",
            valueName: "url"))
    var publicURLs: [String] = []

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

    @Option(help: ArgumentHelp("Bytes one account may store, in MiB (1 to 1073741824).", valueName: "mib"))
    var quotaMib: Int = 10240

    @Option(help: ArgumentHelp("Largest request head, in KiB (1 to 1024).", valueName: "kib"))
    var maxHeaderKib: Int = 16

    @Option(help: ArgumentHelp("Requests per minute from one client address (1 to 1000000).", valueName: "n"))
    var ratePerMinute: Int = 6000

    @Option(
        help: ArgumentHelp(
            "Failed link lookups and refused signatures per minute from one address (1 to 100000).", valueName: "n"))
    var failuresPerMinute: Int = 60

    @Option(help: ArgumentHelp("Seconds a silent connection stays open (1 to 3600).", valueName: "seconds"))
    var idleTimeout: Int = 30

    @Option(
        help: ArgumentHelp(
            "Seconds from a request's first byte until its headers must be complete (1 to 3600).",
            valueName: "seconds"))
    var headTimeout: Int = 10

    @Option(
        help: ArgumentHelp(
            "Slowest request body accepted after its first 10 seconds, in KiB/s (0 to 1048576).", valueName: "kib"))
    var minUploadKibPerSecond: Int = 4

    @Option(
        help: ArgumentHelp(
            "Seconds a signed request's time may differ from the clock (5 to 3600).", valueName: "seconds"))
    var signatureWindow: Int = 300

    @Flag(
        help: ArgumentHelp(
            "Accept link uploads without an account's signature (coffer link create --server with an age identity): "
                + "owned and charged to nobody, revoked by their token only. Off by default."))
    var anonymousLinks = false

    func validate() throws {
        try OptionChecks.check(maxRecordMib, in: 1...4096, option: "--max-record-mib")
        try OptionChecks.check(maxLinkMib, in: 1...1_048_576, option: "--max-link-mib")
        try OptionChecks.check(quotaMib, in: 1...1_073_741_824, option: "--quota-mib")
        try OptionChecks.check(maxHeaderKib, in: 1...1024, option: "--max-header-kib")
        try OptionChecks.check(ratePerMinute, in: 1...1_000_000, option: "--rate-per-minute")
        try OptionChecks.check(failuresPerMinute, in: 1...100_000, option: "--failures-per-minute")
        try OptionChecks.check(idleTimeout, in: 1...3600, option: "--idle-timeout")
        try OptionChecks.check(headTimeout, in: 1...3600, option: "--head-timeout")
        try OptionChecks.check(minUploadKibPerSecond, in: 0...1_048_576, option: "--min-upload-kib-per-second")
        try OptionChecks.check(signatureWindow, in: 5...3600, option: "--signature-window")
        let (host, _) = try Self.address(listen)
        _ = try origins()
        if ServerConfiguration.isWildcard(host) && publicURLs.isEmpty {
            throw ValidationError(
                "--listen \(listen) binds every interface: name the URL clients use with --public-url")
        }
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

    /// `--public-url` values as origins (`scheme://host[:port]`).
    func origins() throws -> [String] {
        try publicURLs.map { text in
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.user == nil, url.query == nil,
                let origin = RequestSignature.origin(of: url)
            else { throw ValidationError("--public-url must be an http:// or https:// URL, not \(text)") }
            return origin
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
        let limits = ServerLimits(
            maxRecordBytes: maxRecordMib << 20, maxLinkBytes: maxLinkMib << 20, quotaBytes: Int64(quotaMib) << 20,
            maxHeaderBytes: maxHeaderKib << 10, requestsPerMinute: ratePerMinute,
            failuresPerMinute: failuresPerMinute, idleTimeoutSeconds: idleTimeout,
            minBodyBytesPerSecond: minUploadKibPerSecond << 10, anonymousLinkUploads: anonymousLinks,
            headTimeoutSeconds: headTimeout)
        var database: DatabaseURL?
        try CLI.run { database = try databaseSetting() }
        let configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: URL(fileURLWithPath: directory), database: database, limits: limits,
            publicOrigins: try origins(), signatureWindow: Int64(signatureWindow))
        if !ServerConfiguration.isLoopback(host) {
            CLI.printError(
                "warning: listening on \(host), beyond this machine, over plain HTTP",
                hints: [
                    "anyone who reaches it can read account records and attempt password guesses offline",
                    "put it behind a TLS proxy and name that URL with --public-url",
                ])
        }
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
