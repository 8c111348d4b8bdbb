// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// Spec/server.md §4.1, SQLite: a record body above the record-file threshold (here 1 000 bytes) lives in a file of
/// the data directory's `records/`, named by its row. It reads back byte for byte, also after a restart; a create
/// that does not apply leaves no file; a replace, put or delete leaves exactly the files rows name; the quota counts
/// its size.
@Suite struct RecordFileTests {
    static let alice = TestAccount(seed: 1)
    static let limits = ServerLimits(
        maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, quotaBytes: 50_000, recordFileBytes: 1000)
    static let uri = "/v1/vaults/team/records/00aa.list"

    static func files(_ server: TestServer) -> [String] {
        let names = try? FileManager.default.contentsOfDirectory(
            atPath: server.directory.appendingPathComponent("records").path)
        return (names ?? []).filter { $0.hasPrefix("rec-") }
    }

    @Test func aLargeRecordLivesInAFileNamedByItsRow() async throws {
        let server = try await TestServer(.sqlite, limits: Self.limits)
        let first = SecureRandom.bytes(count: 5000)
        let second = SecureRandom.bytes(count: 6000)
        let third = SecureRandom.bytes(count: 7000)
        try await server.test(keepData: true) { client, store in
            let alice = Self.alice
            let created = try await client.signed(
                alice, uri: Self.uri, method: .put, headers: [.ifNoneMatch: "*"], body: ByteBuffer(bytes: first))
            #expect(created.status == .created)
            #expect(Self.files(server).count == 1)
            let read = try await client.signed(alice, uri: Self.uri, method: .get)
            #expect(Array(read.body.readableBytesView) == first && read.headers[.eTag] == created.headers[.eTag])
            let small = try await client.signed(
                alice, uri: "/v1/vaults/team/records/00ab.list", method: .put, headers: [.ifNoneMatch: "*"],
                body: ByteBuffer("small"))
            #expect(small.status == .created && Self.files(server).count == 1)
            let taken = try await client.signed(
                alice, uri: Self.uri, method: .put, headers: [.ifNoneMatch: "*"], body: ByteBuffer(bytes: second))
            #expect(taken.status == .preconditionFailed && Self.files(server).count == 1)
            let tag = try #require(created.headers[.eTag])
            let replaced = try await client.signed(
                alice, uri: Self.uri, method: .put, headers: [.ifMatch: tag], body: ByteBuffer(bytes: second))
            #expect(replaced.status == .noContent && Self.files(server).count == 1)
            let stale = try await client.signed(
                alice, uri: Self.uri, method: .put, headers: [.ifMatch: tag], body: ByteBuffer(bytes: third))
            #expect(stale.status == .preconditionFailed && Self.files(server).count == 1)
            #expect(try await store.readRecord(vault: "team", id: "00aa.list")?.bytes == ByteBuffer(bytes: second))
            let put = try await client.signed(alice, uri: Self.uri, method: .put, body: ByteBuffer(bytes: third))
            #expect(put.status == .noContent && Self.files(server).count == 1)
            #expect(try await store.usage(account: alice.hex) == Int64(third.count + 5))
        }
        let restarted = try await TestServer(.sqlite, limits: Self.limits, directory: server.directory)
        try await restarted.test { client, _ in
            let read = try await client.signed(Self.alice, uri: Self.uri, method: .get)
            #expect(read.status == .ok && Array(read.body.readableBytesView) == third)
            let deleted = try await client.signed(Self.alice, uri: Self.uri, method: .delete)
            #expect(deleted.status == .noContent && Self.files(restarted).isEmpty)
            #expect(try await client.signed(Self.alice, uri: Self.uri, method: .get).status == .notFound)
        }
    }
}
