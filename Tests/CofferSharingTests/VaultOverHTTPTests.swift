// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferRemote
import CofferServer
import Foundation
import Testing

@testable import CofferSharing

/// The vault's storage invariants with the storage side a `coffer serve` on loopback, through `HTTPRecordStore`
/// (Spec/server.md §7): the same harnesses as for the directory and memory stores, parameterised over the store,
/// with the server on SQLite and on PostgreSQL.
@Suite(.serialized) struct VaultOverHTTPTests {
    /// The server's storage: SQLite always; PostgreSQL when `$COFFER_TEST_POSTGRES_URL` names the test cluster
    /// (`./dev test` starts one), and in CI always, where its absence fails.
    static let backends: [String] = {
        let environment = ProcessInfo.processInfo.environment
        let postgres = environment["COFFER_TEST_POSTGRES_URL"] != nil || environment["CI"] == "true"
        return postgres ? ["sqlite", "postgres"] : ["sqlite"]
    }()

    /// A server on a free loopback port for the whole suite's process, on a fresh data directory or on the test
    /// cluster's database (each test uses its own record spaces). Awaited, not waited for: a blocked thread of the
    /// cooperative pool could be the one the server needs to start.
    static let sqliteServer = start(database: nil)
    static let postgresServer = start(database: ProcessInfo.processInfo.environment["COFFER_TEST_POSTGRES_URL"] ?? "")

    static func server(_ backend: String) async throws -> URL {
        try await (backend == "postgres" ? postgresServer : sqliteServer).value
    }

    static func start(database: String?) -> Task<URL, any Error> {
        Task<URL, any Error> {
            let data = FileManager.default.temporaryDirectory.appendingPathComponent(
                "coffer-serve-\(UUID().uuidString)")
            let url = try database.map { text in
                guard !text.isEmpty else {
                    throw VaultStoreError.failure("COFFER_TEST_POSTGRES_URL is not set (CI=true)")
                }
                return try DatabaseURL(text)
            }
            // The harnesses make thousands of requests a minute from one address: above the default rate limit.
            let configuration = ServerConfiguration(
                host: "127.0.0.1", port: 0, dataDirectory: data, database: url,
                limits: ServerLimits(requestsPerMinute: 1_000_000, failuresPerMinute: 1_000_000))
            let port: Int = try await withCheckedThrowingContinuation { continuation in
                let once = Once(continuation)
                Task.detached {
                    do {
                        try await CofferServer.run(configuration) { once.resume(.success($0)) }
                        once.resume(.failure(VaultStoreError.failure("coffer serve stopped")))
                    } catch {
                        once.resume(.failure(error))
                    }
                }
            }
            return URL(string: "http://127.0.0.1:\(port)/")!
        }
    }

    /// Resumes a continuation at most once.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Int, any Error>?
        init(_ continuation: CheckedContinuation<Int, any Error>) { self.continuation = continuation }
        func resume(_ result: Result<Int, any Error>) {
            lock.withLock {
                continuation?.resume(with: result)
                continuation = nil
            }
        }
    }

    /// Runs blocking vault code on its own thread, off the cooperative pool that the server's handlers need.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    static let writer = Ed25519.SigningKey()

    /// A fresh record space on the server, holding `records`.
    static func space(_ server: URL, _ records: [RecordID: [UInt8]]) throws -> any VaultRecordStore {
        // Every request signed by one account, which becomes the owner of every record it writes (server.md §6.2).
        let store = try HTTPRecordStore(server: server, vault: "v-" + UUID().uuidString.lowercased())
            .signed(by: writer)
        for (id, bytes) in records { try store.create(id, bytes) }
        return store
    }

    @Test(arguments: backends) func eightConcurrentWritersIntoOneFolderAreAllListed(backend: String) async throws {
        let server = try await Self.server(backend)
        try await Self.blocking {
            try VaultCommitTests.eightConcurrentWriters(World(), store: try Self.space(server, [:]))
        }
    }

    /// On SQLite only, and sampled: the harness interrupts the client at its storage calls (it tests the vault's
    /// recovery, not the store; `VaultFaultInjectionTests` runs every call over the memory store).
    /// Over HTTP every call (1,096 cases) took 22 minutes of a CI run, so here every 10th call of each operation is
    /// interrupted, at an offset that differs per operation, plus each operation's last call (its commit).
    /// PostgreSQL's conditions are those of the route tests and the concurrent writers above.
    @Test func sampledInterruptionsLeaveAReadableTreeAndARerunFinishesIt() async throws {
        let server = try await Self.server("sqlite")
        let cases = try await Self.blocking {
            try VaultFaultInjectionTests.checkEveryInterruption({ try Self.space(server, $0) }, stride: 10)
        }
        print("vault over http: \(cases) sampled interruption cases run")
        #expect(cases > 40)
    }
}
