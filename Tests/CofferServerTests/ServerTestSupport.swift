// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// A server on fresh storage, for in-process tests: SQLite and blobs in a new data directory, or a new database
/// on the test PostgreSQL cluster (`PostgresTestCluster`); removed after.
struct TestServer {
    let backend: ServerBackend
    let directory: URL
    let configuration: ServerConfiguration
    private let database: String?

    init(
        _ backend: ServerBackend = .sqlite,
        limits: ServerLimits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20)
    ) async throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-server-\(UUID().uuidString)")
        var url: DatabaseURL?
        if backend == .postgres {
            let (name, text) = try await PostgresTestCluster.createDatabase()
            database = name
            url = try DatabaseURL(text)
        } else {
            database = nil
        }
        configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: directory, database: url, limits: limits)
    }

    /// Runs `body` against the router (`.router`) or a live server on a free loopback port (`.live`).
    func test<Value: Sendable>(
        _ setup: TestingSetup = .router, now: (@Sendable () -> Int64)? = nil,
        _ body: @Sendable (any TestClientProtocol, any ServerStore) async throws -> Value
    ) async throws -> Value {
        let storage = try await ServerStorage.open(configuration)
        let router = try CofferServer.router(configuration, storage: storage, now: now)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil))
        let result: Result<Value, any Error>
        do {
            result = .success(try await app.test(setup) { client in try await body(client, storage.store) })
        } catch {
            result = .failure(error)
        }
        try await storage.close()
        try? FileManager.default.removeItem(at: directory)
        if let database { try await PostgresTestCluster.dropDatabase(database) }
        return try result.get()
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
