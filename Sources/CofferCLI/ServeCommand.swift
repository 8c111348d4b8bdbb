// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferServer
import Foundation

/// `coffer serve`: the storage server (Spec/server.md), on the embedded default (SQLite and a blob directory).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the zero-knowledge storage server for vaults and share links.",
        discussion: """
            The server keeps opaque records and link files under --data (coffer.sqlite and blobs/), checks each \
            write's condition (create-if-absent, compare-and-swap) and serves bytes. It never sees a key, a name or \
            a password: every client checks whatever it returns. Once it accepts connections it prints \
            "coffer: serving on http://HOST:PORT" on stderr; SIGINT or SIGTERM stops it.

            Examples:
              coffer serve --listen 127.0.0.1:8080 --data /srv/coffer
              coffer vault ls / --store http://127.0.0.1:8080/ --passphrase-file pass.txt
            """
    )

    @Option(help: ArgumentHelp("Address and port to listen on (port 0: any free port).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    @Option(
        help: ArgumentHelp(
            "Data directory (default: $COFFER_SERVER_DATA, else ~/.local/share/coffer/server).", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Largest record accepted, in MiB (1 to 4096).", valueName: "mib"))
    var maxRecordMib: Int = 256

    @Option(help: ArgumentHelp("Largest link file accepted, in MiB (1 to 1048576).", valueName: "mib"))
    var maxLinkMib: Int = 4096

    func validate() throws {
        try OptionChecks.check(maxRecordMib, in: 1...4096, option: "--max-record-mib")
        try OptionChecks.check(maxLinkMib, in: 1...1_048_576, option: "--max-link-mib")
        _ = try Self.address(listen)
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
        let configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: URL(fileURLWithPath: directory),
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
            if let error = outcome.error { throw error }
        }
    }
}

/// The server task's error, handed to the blocked main thread (written before the semaphore is signalled).
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}
