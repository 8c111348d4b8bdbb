// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import CofferServer

/// A server on a fresh data directory (SQLite and blobs), for in-process tests; the directory is removed after.
struct TestServer {
    let directory: URL
    let configuration: ServerConfiguration

    init(limits: ServerLimits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-server-\(UUID().uuidString)")
        configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, limits: limits)
    }

    /// Runs `body` against the router (`.router`) or a live server on a free loopback port (`.live`).
    func test<Value: Sendable>(
        _ setup: TestingSetup = .router, now: (@Sendable () -> Int64)? = nil,
        _ body: @Sendable (any TestClientProtocol, SQLiteServerStore) async throws -> Value
    ) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await CofferServer.openStore(configuration)
        let router = try CofferServer.router(configuration, store: store, now: now)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil))
        let value = try await app.test(setup) { client in try await body(client, store) }
        try await store.close()
        return value
    }
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
