// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// `/v1/vaults/{vault}/records` (Spec/server.md §5.1): create-if-absent, compare-and-swap, delete, list, and the
/// requests refused with nothing stored.
@Suite struct RecordRouteTests {
    static let record = "/v1/vaults/team/records/0011.keys"
    static let alice = TestAccount(seed: 1)

    @Test(arguments: ServerBackend.all)
    func createIfAbsentThenCompareAndSwap(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, _ in
            let created = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifNoneMatch: "*"], body: ByteBuffer("one"))
            #expect(created.status == .created)
            let etag = try #require(created.headers[.eTag])
            let again = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifNoneMatch: "*"], body: ByteBuffer("two"))
            #expect(again.status == .preconditionFailed)
            let read = try await client.signed(Self.alice, uri: Self.record, method: .get)
            #expect(read.status == .ok && read.text == "one" && read.headers[.eTag] == etag)
            let head = try await client.signed(Self.alice, uri: Self.record, method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers[.contentLength] == "3")
            let swapped = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifMatch: etag], body: ByteBuffer("three"))
            #expect(swapped.status == .noContent)
            let stale = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifMatch: etag], body: ByteBuffer("four"))
            #expect(stale.status == .preconditionFailed)
            #expect(try await client.signed(Self.alice, uri: Self.record, method: .get).text == "three")
        }
    }

    @Test(arguments: ServerBackend.all)
    func replacingAnAbsentRecordIsRefused(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            let response = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifMatch: "\"00\""], body: ByteBuffer("x"))
            #expect(response.status == .preconditionFailed)
            #expect(try await store.recordIDs(vault: "team").isEmpty)
        }
    }

    @Test(arguments: ServerBackend.all)
    func deleteAndListAreScopedToTheVault(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, _ in
            for (vault, id) in [("team", "b.list"), ("team", "a.keys"), ("other", "c.keys")] {
                let response = try await client.signed(
                    Self.alice,
                    uri: "/v1/vaults/\(vault)/records/\(id)", method: .put, headers: [.ifNoneMatch: "*"],
                    body: ByteBuffer(id))
                #expect(response.status == .created)
            }
            let records = "/v1/vaults/team/records"
            #expect(try await client.signed(Self.alice, uri: records, method: .get).text == "[\"a.keys\",\"b.list\"]")
            let delete = { () async throws -> HTTPResponse.Status in
                try await client.signed(Self.alice, uri: records + "/a.keys", method: .delete).status
            }
            #expect(try await delete() == .noContent)
            #expect(try await delete() == .noContent)
            let read = try await client.signed(Self.alice, uri: "/v1/vaults/team/records/a.keys", method: .get)
            #expect(read.status == .notFound)
            let team = try await client.signed(Self.alice, uri: "/v1/vaults/team/records", method: .get)
            #expect(team.text == "[\"b.list\"]")
            let other = try await client.signed(Self.alice, uri: "/v1/vaults/other/records", method: .get)
            #expect(other.text == "[\"c.keys\"]")
        }
    }

    /// Names outside the record-id alphabet never reach the store: dot-dot, encoded slashes, upper case, a leading
    /// dot, 129 bytes.
    @Test(arguments: [
        "/v1/vaults/team/records/..", "/v1/vaults/team/records/..%2F..%2Fx", "/v1/vaults/..%2Fteam/records/a",
        "/v1/vaults/team/records/A.keys", "/v1/vaults/team/records/.hidden", "/v1/vaults/Team/records/a",
        "/v1/vaults/team/records/" + String(repeating: "a", count: 129), "/v1/vaults/team/records/a%00b",
    ])
    func pathTricksAreRefusedAndNothingIsStored(uri: String) async throws {
        for backend in ServerBackend.all { try await pathTricksAreRefused(uri: uri, backend: backend) }
    }

    func pathTricksAreRefused(uri: String, backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            let response = try await client.signed(
                Self.alice,
                uri: uri, method: .put, headers: [.ifNoneMatch: "*"], body: ByteBuffer("x"))
            #expect(response.status == .badRequest || response.status == .notFound, "\(uri)")
            for vault in ["team", "Team", "..", "../team"] {
                #expect(try await store.recordIDs(vault: vault).isEmpty)
            }
        }
    }

    @Test(arguments: ServerBackend.all)
    func anOversizedRecordIsRefusedAndNothingIsStored(backend: ServerBackend) async throws {
        let server = try await TestServer(backend, limits: ServerLimits(maxRecordBytes: 1024, maxLinkBytes: 1024))
        try await server.test { client, store in
            let response = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifNoneMatch: "*"],
                body: ByteBuffer(bytes: [UInt8](repeating: 7, count: 1025)))
            #expect(response.status == .contentTooLarge)
            #expect(try await store.recordIDs(vault: "team").isEmpty)
            let fits = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifNoneMatch: "*"],
                body: ByteBuffer(bytes: [UInt8](repeating: 7, count: 1024)))
            #expect(fits.status == .created)
        }
    }

    @Test(arguments: ServerBackend.all)
    func malformedConditionsAreRefused(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            let wildcard = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifNoneMatch: "\"x\""], body: ByteBuffer("x"))
            #expect(wildcard.status == .badRequest)
            let both = try await client.signed(
                Self.alice,
                uri: Self.record, method: .put, headers: [.ifNoneMatch: "*", .ifMatch: "\"x\""], body: ByteBuffer("x"))
            #expect(both.status == .badRequest)
            #expect(try await store.recordIDs(vault: "team").isEmpty)
        }
    }
}
