// SPDX-License-Identifier: MIT
import CofferKeys
import CofferSharing
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// Spec/server.md §6.2: who may create, replace and delete which records, and membership. Every refusal is
/// `403` with the stored records unchanged.
@Suite struct AuthorisationTests {
    static let alice = TestAccount(seed: 1)
    static let bob = TestAccount(seed: 2)
    static let mallory = TestAccount(seed: 3)
    static let folder = "0123456789abcdef0123456789abcdef"
    static let records = "/v1/vaults/team/records/"

    static func put(
        _ client: any TestClientProtocol, _ who: TestAccount, _ id: String, _ body: String,
        _ headers: HTTPFields = [.ifNoneMatch: "*"]
    ) async throws -> HTTPResponse.Status {
        try await client.signed(who, uri: records + id, method: .put, headers: headers, body: ByteBuffer(body)).status
    }

    static func delete(_ client: any TestClientProtocol, _ who: TestAccount, _ id: String) async throws
        -> HTTPResponse.Status
    {
        try await client.signed(who, uri: records + id, method: .delete).status
    }

    static func member(
        _ client: any TestClientProtocol, _ who: TestAccount, owner: TestAccount, member: TestAccount,
        method: HTTPRequest.Method = .put
    ) async throws -> HTTPResponse.Status {
        try await client.signed(
            who, uri: "/v1/vaults/team/members/\(owner.hex)/\(member.hex)/\(folder)", method: method
        ).status
    }

    static func bytes(_ store: any ServerStore, _ id: String) async throws -> String? {
        try await store.readRecord(vault: "team", id: id).map { String(buffer: $0.bytes) }
    }

    @Test(arguments: ServerBackend.all)
    func anOutsiderCreatesReplacesAndDeletesNothingInATree(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            #expect(try await Self.put(client, Self.alice, "00aa.list", "alice") == .created)
            let version = try #require(try await store.readRecord(vault: "team", id: "00aa.list")?.version)
            #expect(try await Self.put(client, Self.mallory, "00aa.keys", "x") == .forbidden)
            let tag = "\"\(version)\""
            #expect(try await Self.put(client, Self.mallory, "00aa.list", "x", [.ifMatch: tag]) == .forbidden)
            #expect(try await Self.put(client, Self.mallory, "00aa.list", "x", [:]) == .forbidden)
            #expect(try await Self.delete(client, Self.mallory, "00aa.list") == .forbidden)
            #expect(try await Self.bytes(store, "00aa.list") == "alice")
            #expect(try await store.recordIDs(vault: "team") == ["00aa.list"])
            // The owner still can.
            #expect(try await Self.put(client, Self.alice, "00aa.list", "v2", [.ifMatch: tag]) == .noContent)
            #expect(try await Self.delete(client, Self.alice, "00aa.list") == .noContent)
        }
    }

    @Test(arguments: ServerBackend.all)
    func aMemberWritesOnlyWhileGrantedAndAcceptedAndARemovedMemberNothing(backend: ServerBackend) async throws {
        try await TestServer(backend).test { (client: any TestClientProtocol, store: any ServerStore) async throws in
            #expect(try await Self.put(client, Self.alice, "00aa.list", "alice") == .created)
            // Granted by Alice but not accepted by Bob, or accepted by Bob but not granted: refused.
            #expect(try await Self.member(client, Self.alice, owner: Self.alice, member: Self.bob) == .noContent)
            #expect(try await Self.put(client, Self.bob, "00aa.list", "bob", [:]) == .forbidden)
            #expect(try await Self.member(client, Self.bob, owner: Self.alice, member: Self.bob) == .noContent)
            #expect(try await Self.put(client, Self.bob, "00aa.list", "bob", [:]) == .noContent)
            // Bob's new records are his, and Alice's too (he wrote them as her member).
            #expect(try await Self.put(client, Self.bob, "00bb.node-1", "bob's file") == .created)
            // Alice removes Bob: he writes nothing more, in her records or the ones he made in her tree.
            #expect(
                try await Self.member(client, Self.alice, owner: Self.alice, member: Self.bob, method: .delete)
                    == .noContent)
            #expect(try await Self.put(client, Self.bob, "00aa.list", "late", [:]) == .forbidden)
            #expect(try await Self.put(client, Self.bob, "00aa.keys", "late") == .forbidden)
            #expect(try await Self.delete(client, Self.bob, "00aa.list") == .forbidden)
            #expect(try await Self.bytes(store, "00aa.list") == "bob")
            // Alice keeps every right over what Bob made in her tree.
            #expect(try await Self.delete(client, Self.alice, "00bb.node-1") == .noContent)
        }
    }

    @Test(arguments: ServerBackend.all)
    func onlyTheOwnerOrTheMemberChangesAMembership(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            #expect(try await Self.put(client, Self.alice, "00aa.list", "alice") == .created)
            #expect(try await Self.member(client, Self.mallory, owner: Self.alice, member: Self.bob) == .forbidden)
            #expect(try await Self.member(client, Self.bob, owner: Self.alice, member: Self.bob) == .noContent)
            // Mallory may accept for herself, but without Alice's grant that gives her nothing; nor has Bob, whom
            // only Alice can grant.
            #expect(try await Self.member(client, Self.mallory, owner: Self.alice, member: Self.mallory) == .noContent)
            #expect(try await Self.put(client, Self.mallory, "00aa.list", "x", [:]) == .forbidden)
            #expect(try await Self.put(client, Self.bob, "00aa.list", "x", [:]) == .forbidden)
            // Malformed ids in the path, and unsigned.
            let bad = try await client.signed(
                Self.alice, uri: "/v1/vaults/team/members/\(Self.alice.hex)/zz/\(Self.folder)", method: .put)
            #expect(bad.status == .badRequest)
            let unsigned = try await client.execute(
                uri: "/v1/vaults/team/members/\(Self.alice.hex)/\(Self.bob.hex)/\(Self.folder)", method: .put)
            #expect(unsigned.status == .unauthorized)
            #expect(try await Self.bytes(store, "00aa.list") == "alice")
        }
    }

    @Test(arguments: ServerBackend.all)
    func accountRecordsAreStoredOnceUnsignedThenOnlyByTheirAccount(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            let id = "\(Self.alice.hex).secrets"
            let unsigned = try await client.execute(uri: Self.records + id, method: .put, body: ByteBuffer("v1"))
            #expect(unsigned.status == .noContent)
            // The same bytes again (a retry) are fine; other bytes take Alice's signature.
            #expect(
                try await client.execute(uri: Self.records + id, method: .put, body: ByteBuffer("v1")).status
                    == .noContent)
            #expect(
                try await client.execute(uri: Self.records + id, method: .put, body: ByteBuffer("v2")).status
                    == .unauthorized)
            #expect(try await Self.put(client, Self.mallory, id, "v2", [:]) == .forbidden)
            #expect(try await Self.delete(client, Self.mallory, id) == .forbidden)
            #expect(try await Self.bytes(store, id) == "v1")
            #expect(try await Self.put(client, Self.alice, id, "v2", [:]) == .noContent)
            #expect(try await Self.bytes(store, id) == "v2")
            // Anyone reads account records and lists them; unsigned, nothing else is listed.
            #expect(try await client.execute(uri: Self.records + id, method: .get).text == "v2")
            #expect(try await Self.put(client, Self.alice, "00aa.list", "alice") == .created)
            #expect(try await client.execute(uri: "/v1/vaults/team/records", method: .get).text == "[\"\(id)\"]")
            let signed = try await client.signed(Self.bob, uri: "/v1/vaults/team/records", method: .get)
            #expect(signed.text == "[\"00aa.list\",\"\(id)\"]")
            // An unsigned account record is small.
            let large = try await client.execute(
                uri: Self.records + "\(Self.bob.hex).bundle", method: .put,
                body: ByteBuffer(bytes: [UInt8](repeating: 1, count: (64 << 10) + 1)))
            #expect(large.status == .contentTooLarge)
            #expect(try await Self.bytes(store, "\(Self.bob.hex).bundle") == nil)
        }
    }

    @Test(arguments: ServerBackend.all)
    func nobodyTakesAnotherAccountsRootFolder(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, store in
            let root = NodeID.root(of: Self.alice.id).hex
            _ = try await client.execute(
                uri: "/v1/vaults/default/records/\(Self.alice.hex).account", method: .put, body: ByteBuffer("a"))
            #expect(try await Self.put(client, Self.mallory, "\(root).keys", "squat") == .forbidden)
            #expect(try await Self.bytes(store, "\(root).keys") == nil)
            #expect(try await Self.put(client, Self.alice, "\(root).keys", "alice") == .created)
            // Even a member of Alice's does not write her root.
            #expect(try await Self.member(client, Self.alice, owner: Self.alice, member: Self.bob) == .noContent)
            #expect(try await Self.member(client, Self.bob, owner: Self.alice, member: Self.bob) == .noContent)
            #expect(try await Self.delete(client, Self.bob, "\(root).keys") == .forbidden)
            #expect(try await Self.bytes(store, "\(root).keys") == "alice")
        }
    }

    @Test(arguments: ServerBackend.all)
    func linkUploadsAreSignedAndOnlyTheUploaderRevokes(backend: ServerBackend) async throws {
        let server = try await TestServer(backend)
        try await server.test { client, store in
            let uri = "/v1/links/AAAAAAAAAAAAAAAAAAAAAA"
            let unsigned = try await client.execute(uri: uri, method: .put, body: ByteBuffer("age"))
            #expect(unsigned.status == .unauthorized)
            #expect(try await store.link("AAAAAAAAAAAAAAAAAAAAAA") == nil)
            #expect(
                try await client.signed(Self.alice, uri: uri, method: .put, body: ByteBuffer("age")).status
                    == .created)
            #expect(try await client.execute(uri: uri, method: .delete).status == .unauthorized)
            #expect(try await client.signed(Self.mallory, uri: uri, method: .delete).status == .forbidden)
            #expect(try await client.execute(uri: uri, method: .get).text == "age")
            #expect(try await server.storedUploads() == 1)
            #expect(try await client.signed(Self.alice, uri: uri, method: .delete).status == .noContent)
            #expect(try await client.execute(uri: uri, method: .get).status == .notFound)
            // The revoke removed the bytes too (the file, or the upload and its chunks).
            #expect(try await server.storedUploads() == 0)
            #expect(try await client.signed(Self.alice, uri: uri, method: .delete).status == .notFound)
        }
    }

    @Test(arguments: ServerBackend.all)
    func anAccountPastItsQuotaStoresNothing(backend: ServerBackend) async throws {
        let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, quotaBytes: 100)
        try await TestServer(backend, limits: limits).test { client, store in
            #expect(try await Self.put(client, Self.alice, "00aa.list", String(repeating: "a", count: 60)) == .created)
            #expect(try await Self.put(client, Self.alice, "00aa.keys", String(repeating: "b", count: 60)).code == 507)
            #expect(try await store.recordIDs(vault: "team") == ["00aa.list"])
            let link = try await client.signed(
                Self.alice, uri: "/v1/links/AAAAAAAAAAAAAAAAAAAAAA", method: .put,
                body: ByteBuffer(String(repeating: "c", count: 60)))
            #expect(link.status.code == 507)
            #expect(try await store.link("AAAAAAAAAAAAAAAAAAAAAA") == nil)
            // Another account has its own quota.
            #expect(try await Self.put(client, Self.bob, "00bb.list", String(repeating: "d", count: 60)) == .created)
        }
    }

    /// Two instances on one PostgreSQL database (Spec/server.md §4.3): a prefix bound, a membership granted,
    /// accepted and ended, a nonce used through one holds for the other; of accounts binding one prefix at once
    /// through both, exactly one wins.
    @Test(.enabled(if: PostgresTestCluster.required))
    func authorisationHoldsAcrossTwoInstancesOnOneDatabase() async throws {
        let first = try await TestServer(.postgres)
        let second = try await TestServer(.postgres, database: first.database)
        try await first.test(keepData: true) { one, _ in
            try await second.test(keepData: true) { two, store in
                #expect(try await Self.put(one, Self.alice, "00aa.list", "alice") == .created)
                #expect(try await Self.put(two, Self.mallory, "00aa.list", "x", [:]) == .forbidden)
                #expect(try await Self.member(one, Self.alice, owner: Self.alice, member: Self.bob) == .noContent)
                #expect(try await Self.member(two, Self.bob, owner: Self.alice, member: Self.bob) == .noContent)
                #expect(try await Self.put(two, Self.bob, "00aa.list", "bob", [:]) == .noContent)
                #expect(
                    try await Self.member(two, Self.alice, owner: Self.alice, member: Self.bob, method: .delete)
                        == .noContent)
                #expect(try await Self.put(one, Self.bob, "00aa.list", "late", [:]) == .forbidden)
                #expect(try await Self.bytes(store, "00aa.list") == "bob")
                // One signed request sent to both instances: the second sees its nonce used.
                let uri = Self.records + "00cc.list"
                let headers = Self.alice.headers(.put, uri, body: Array("c".utf8), covering: [.ifNoneMatch: "*"])
                #expect(
                    try await one.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer("c")).status
                        == .created)
                #expect(
                    try await two.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer("c")).status
                        == .unauthorized)
                // Eight accounts binding one prefix at once, half through each instance.
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for index in 0..<8 {
                        let client = index % 2 == 0 ? one : two
                        let account = TestAccount(seed: UInt8(10 + index))
                        group.addTask { try await Self.put(client, account, "00dd.n\(index)", "\(index)") }
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
                #expect(statuses.filter { $0 == .forbidden }.count == 7, "\(statuses)")
                #expect(try await store.recordIDs(vault: "team").filter { $0.hasPrefix("00dd.") }.count == 1)
            }
        }
        try await first.remove()
    }
}
