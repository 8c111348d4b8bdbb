// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferRemote
@testable import CofferServer

/// A server on fresh storage, for in-process tests: SQLite and blobs in a new data directory, or a new database
/// on the test PostgreSQL cluster (`PostgresTestCluster`); removed after.
struct TestServer {
    let backend: ServerBackend
    let directory: URL
    let configuration: ServerConfiguration
    let origins = ServerOrigins([TestAccount.origin])
    /// The test cluster's database (PostgreSQL), else nil.
    let database: String?
    /// The clock the per-address limits count minutes by: the system's, or a fixed one for a test that counts
    /// requests against a limit (its counts must not start again when a minute ends mid-test).
    let rateClock: @Sendable () -> Int64

    /// `directory` (SQLite) or `database` (PostgreSQL) reuses the storage of an earlier server (a restart).
    init(
        _ backend: ServerBackend = .sqlite,
        limits: ServerLimits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20), directory: URL? = nil,
        database: String? = nil, rateClock: @escaping @Sendable () -> Int64 = CofferServer.systemSeconds
    ) async throws {
        self.backend = backend
        self.rateClock = rateClock
        self.directory =
            directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("coffer-server-\(UUID().uuidString)")
        var url: DatabaseURL?
        if backend == .postgres {
            let (name, text) =
                if let database { (database, try PostgresTestCluster.url(database: database)) } else {
                    try await PostgresTestCluster.createDatabase()
                }
            self.database = name
            url = try DatabaseURL(text)
        } else {
            self.database = nil
        }
        // HummingbirdTesting sends `Host: localhost`, in-process and live: the origin test signatures name.
        configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: self.directory, database: url, limits: limits,
            publicOrigins: [TestAccount.origin])
    }

    /// Runs `body` against the router (`.router`) or a live server on a free loopback port (`.live`).
    func test<Value: Sendable>(
        _ setup: TestingSetup = .router, now: (@Sendable () -> Int64)? = nil, keepData: Bool = false,
        _ body: @Sendable (any TestClientProtocol, any ServerStore) async throws -> Value
    ) async throws -> Value {
        let storage = try await ServerStorage.open(configuration)
        let router = try CofferServer.router(
            configuration, storage: storage, now: now, origins: origins,
            limiter: CofferServer.rateLimiter(configuration, now: rateClock))
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil))
        let result: Result<Value, any Error>
        do {
            result = .success(
                try await app.test(setup) { client in
                    // A live server is also reached as http://127.0.0.1:PORT (HTTPRecordStore names it so).
                    if let port = client.port { origins.allow("http://127.0.0.1:\(port)") }
                    return try await body(client, storage.store)
                })
        } catch {
            result = .failure(error)
        }
        try await storage.close()
        if !keepData { try await remove() }
        return try result.get()
    }

    /// Runs `body` against the server exactly as `coffer serve` runs it (its connection limits: idle timeout,
    /// header size), live on a free loopback port; `body` gets the port. `keptFor`: how long the blob directory keeps
    /// a link's row (nanoseconds; `coffer serve` keeps it 1 s); `answered` counts the reads answered below the routes.
    func serve<Value: Sendable>(
        keptFor: UInt64? = nil, answered: LinkReadResponder.Counter? = nil,
        _ body: @Sendable (Int, any ServerStore) async throws -> Value
    ) async throws -> Value {
        let opened = try await ServerStorage.open(configuration)
        let storage =
            if let keptFor, let files = opened.files as? DirectoryLinkFiles {
                ServerStorage(
                    store: opened.store,
                    files: DirectoryLinkFiles(
                        blobs: files.blobs, store: files.store, cache: LinkMetadataCache(lifetime: keptFor)),
                    close: opened.close)
            } else {
                opened
            }
        let app = try CofferServer.application(
            configuration, storage: storage, answered: answered, rateClock: rateClock)
        let result: Result<Value, any Error>
        do {
            result = .success(try await app.test(.live) { client in try await body(client.port ?? 0, storage.store) })
        } catch {
            result = .failure(error)
        }
        try await storage.close()
        try await remove()
        return try result.get()
    }

    /// Removes the data directory and the database.
    func remove() async throws {
        try? FileManager.default.removeItem(at: directory)
        if let database { try await PostgresTestCluster.dropDatabase(database) }
    }

    /// How many link uploads the storage holds, committed or not: files in `blobs/`, or `link_uploads` rows.
    func storedUploads() async throws -> Int {
        guard let database else {
            let blobs = directory.appendingPathComponent("blobs").path
            return try FileManager.default.contentsOfDirectory(atPath: blobs).count
        }
        return try await PostgresTestCluster.count("link_uploads", in: database)
    }
}

/// The storage behind the server under test: every server suite runs on both.
enum ServerBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when the test cluster is given, and in CI always (so that its absence fails).
    static let all: [ServerBackend] = PostgresTestCluster.required ? [.sqlite, .postgres] : [.sqlite]
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension ByteBuffer {
    init(_ text: String) { self.init(string: text) }
}

/// Runs blocking client code off the cooperative pool (the HTTP record store waits on a semaphore).
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// An account as the server sees it: an Ed25519 key whose signed requests name the test origin.
struct TestAccount: Sendable {
    static let origin = "http://localhost"
    let key: Ed25519.SigningKey

    init(seed: UInt8) {
        key = try! Ed25519.SigningKey(seed: SecretBytes([UInt8](repeating: seed, count: 32)))
    }

    var hex: String { AccountID(signingKey: key.publicKey).hex }
    var id: AccountID { AccountID(signingKey: key.publicKey) }

    /// The signature headers for one request (`time` and `nonce` fixed to test staleness and replay).
    func headers(
        _ method: HTTPRequest.Method, _ uri: String, body: [UInt8] = [], covering headers: HTTPFields = [:],
        time: Int64 = Int64(Date().timeIntervalSince1970), nonce: [UInt8] = SecureRandom.bytes(count: 16)
    ) -> HTTPFields {
        let signer = RequestSigner(key: key, now: { time }, nonce: { nonce })
        let covered = RequestSignature.coveredHeaders.map { name in HTTPField.Name(name).flatMap { headers[$0] } }
        var fields = headers
        let signed = signer.headers(
            method: method.rawValue, origin: Self.origin, target: uri, body: body, covered: covered)
        for (name, value) in signed { fields[HTTPField.Name(name)!] = value }
        return fields
    }
}

extension TestClientProtocol {
    /// `execute`, signed by `account`.
    func signed(
        _ account: TestAccount, uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:],
        body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        let bytes = body.map { Array($0.readableBytesView) } ?? []
        return try await execute(
            uri: uri, method: method, headers: account.headers(method, uri, body: bytes, covering: headers),
            body: body)
    }
}
