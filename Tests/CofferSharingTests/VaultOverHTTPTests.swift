// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferRemote
import CofferServer
import Foundation
import Testing

@testable import CofferSharing

/// The vault's storage invariants with the storage side a `coffer serve` on loopback, through `HTTPRecordStore`
/// (Spec/server.md §7): the same harnesses as for the directory and memory stores, parameterised over the store.
@Suite(.serialized) struct VaultOverHTTPTests {
    /// A server on a free loopback port and a fresh data directory, for the whole suite's process. Awaited, not
    /// waited for: a blocked thread of the cooperative pool could be the one the server needs to start.
    static let server = Task<URL, any Error> {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-serve-\(UUID().uuidString)")
        // The harnesses make thousands of requests a minute from one address: above the default rate limit.
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: data,
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

    @Test func eightConcurrentWritersIntoOneFolderAreAllListed() async throws {
        let server = try await Self.server.value
        try await Self.blocking {
            try VaultCommitTests.eightConcurrentWriters(World(), store: try Self.space(server, [:]))
        }
    }

    @Test func everyInterruptionLeavesAReadableTreeAndARerunFinishesIt() async throws {
        let server = try await Self.server.value
        let cases = try await Self.blocking {
            try VaultFaultInjectionTests.checkEveryInterruption { try Self.space(server, $0) }
        }
        #expect(cases > 100)
    }
}
