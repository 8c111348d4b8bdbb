// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferRemote
import CofferSharing
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// Spec/server.md §4.4: a record body above the record-file threshold (here 64 KiB) streamed by `HTTPRecordStore`
/// (`create(_:writingWith:)`, a temporary file then one signed create-only `PUT`) to a blob — a file of `records/`
/// on SQLite, an upload's chunks on PostgreSQL — and read back by `openReader` in ranged windows (here 20 MiB:
/// three windows of 8 MiB), byte for byte; ranged `GET`s (`206`, `416`); refusals (another account, a replay of
/// the create, a body over the record limit, a quota) leave no blob behind; delete removes the blob.
@Suite struct StreamedRecordTests {
    static let alice = TestAccount(seed: 1)
    static let mallory = TestAccount(seed: 9)
    static let limits = ServerLimits(
        maxRecordBytes: 24 << 20, maxLinkBytes: 1 << 20, quotaBytes: 42 << 20, recordFileBytes: 64 << 10)

    func store(_ client: any TestClientProtocol, _ account: TestAccount = alice) throws -> HTTPRecordStore {
        try HTTPRecordStore(server: URL(string: "http://127.0.0.1:\(client.port ?? 0)/")!, vault: "team")
            .signed(by: account.key)
    }

    /// Blobs held: `rec-` files (SQLite) or upload rows (PostgreSQL), named by a row or not.
    static func blobs(_ server: TestServer) async throws -> Int {
        guard let database = server.database else {
            let names = try? FileManager.default.contentsOfDirectory(
                atPath: server.directory.appendingPathComponent("records").path)
            return (names ?? []).filter { $0.hasPrefix("rec-") }.count
        }
        return try await PostgresTestCluster.count("link_uploads", in: database)
    }

    @Test(arguments: ServerBackend.all)
    func aLargeBodyStreamsToABlobAndBackInRangedWindows(backend: ServerBackend) async throws {
        let server = try await TestServer(backend, limits: Self.limits)
        let body = SecureRandom.bytes(count: 20 << 20)
        let id = try RecordID("00aa.body-1")
        try await server.test(.live) { client, _ in
            let store = try store(client)
            try await blocking {
                try store.create(id) { sink in try body.withUnsafeBytes { try sink.write($0) } }
                #expect(throws: VaultStoreError.alreadyExists(id)) {
                    try store.create(id) { sink in try body.withUnsafeBytes { try sink.write($0) } }
                }
                let source = try store.openReader(id, maxSize: body.count)
                var read: [UInt8] = []
                var piece = [UInt8](repeating: 0, count: 1 << 20)
                while true {
                    let n = try piece.withUnsafeMutableBytes { try source.read(into: $0) }
                    if n == 0 { break }
                    read += piece[..<n]
                }
                #expect(read == body)
                #expect(throws: VaultStoreError.tooLarge(id, size: UInt64(body.count), limit: body.count - 1)) {
                    _ = try store.openReader(id, maxSize: body.count - 1)
                }
                let whole = try store.read(id, maxSize: body.count)
                #expect(whole.bytes == body && whole.version.token == "\"\(SHA256.hash(body).hex)\"")
                // Another account may not write under alice's prefix: refused, and nothing is left behind.
                let other = try RecordID("00aa.body-2")
                #expect {
                    try self.store(client, Self.mallory).create(other) { sink in
                        try body.withUnsafeBytes { try sink.write($0) }
                    }
                } throws: { error in
                    guard case .failure(let reason) = (error as? VaultStoreError)?.reason else { return false }
                    return reason.contains("403")
                }
                // Over the record limit (24 MiB), and over the quota (42 MiB; 20 are used): refused.
                let big = [UInt8](repeating: 7, count: 25 << 20)
                #expect {
                    try store.create(other) { sink in try big.withUnsafeBytes { try sink.write($0) } }
                } throws: { error in
                    guard case .failure(let reason) = (error as? VaultStoreError)?.reason else { return false }
                    return reason.contains("413")
                }
                let over = [UInt8](repeating: 8, count: 23 << 20)
                #expect {
                    try store.create(other) { sink in try over.withUnsafeBytes { try sink.write($0) } }
                } throws: { error in
                    guard case .failure(let reason) = (error as? VaultStoreError)?.reason else { return false }
                    return reason.contains("507")
                }
                #expect(throws: VaultStoreError.notFound(other)) { _ = try store.openReader(other, maxSize: 100) }
            }
            #expect(try await Self.blobs(server) == 1)
            let part = try await client.signed(
                Self.alice, uri: "/v1/vaults/team/records/00aa.body-1", method: .get, headers: [.range: "bytes=10-19"])
            #expect(part.status == .partialContent && Array(part.body.readableBytesView) == Array(body[10...19]))
            #expect(part.headers[.contentRange] == "bytes 10-19/\(body.count)")
            let past = try await client.signed(
                Self.alice, uri: "/v1/vaults/team/records/00aa.body-1", method: .get,
                headers: [.range: "bytes=\(body.count)-"])
            #expect(past.status == .rangeNotSatisfiable && past.headers[.contentRange] == "bytes */\(body.count)")
            let deleted = try await client.signed(
                Self.alice, uri: "/v1/vaults/team/records/00aa.body-1", method: .delete)
            #expect(deleted.status == .noContent)
            #expect(try await Self.blobs(server) == 0)
        }
    }

    /// A small record is read by `openReader` too (one window), and an empty one (`416 bytes */0`) is empty.
    @Test func smallAndEmptyRecordsReadThroughTheStreamedReader() async throws {
        try await TestServer(.sqlite, limits: Self.limits).test(.live) { client, _ in
            let store = try store(client)
            try await blocking {
                let small = try RecordID("00aa.small")
                let empty = try RecordID("00aa.empty")
                try store.create(small, [1, 2, 3])
                try store.create(empty, [])
                for (id, bytes) in [(small, [UInt8]([1, 2, 3])), (empty, [])] {
                    let source = try store.openReader(id, maxSize: 10)
                    var buffer = [UInt8](repeating: 0, count: 16)
                    let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                    #expect(Array(buffer[..<n]) == bytes)
                }
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate var hex: String { map { String(format: "%02x", $0) }.joined() }
}
