// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// CORS on `/v1/vaults/{vault}/records/{record}` (Spec/opener.md §8): the browser opener's preflight for a signed
/// read, the headers on a signed read, a missing record and a refused unsigned read (so the page can tell them
/// apart), and none on writes or listings.
@Suite struct RecordCORSTests {
    static let record = "/v1/vaults/team/records/0011.keys"
    static let alice = TestAccount(seed: 1)
    static let reader = TestAccount(seed: 7)

    @Test(arguments: ServerBackend.all)
    func thePreflightAllowsASignedReadFromAnyOrigin(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, _ in
            let preflight = try await client.execute(
                uri: Self.record, method: .options,
                headers: [
                    .origin: "http://127.0.0.1:9999", .accessControlRequestMethod: "GET",
                    .accessControlRequestHeaders: "coffer-key, coffer-nonce, coffer-signature, coffer-time",
                ])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, HEAD")
            let allowed = try #require(preflight.headers[.accessControlAllowHeaders])
            let names = Set(allowed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(names.isSuperset(of: ["coffer-key", "coffer-time", "coffer-nonce", "coffer-signature"]))
            #expect(preflight.headers[.accessControlMaxAge] == "86400")
        }
    }

    @Test(arguments: ServerBackend.all)
    func readsAndTheirRefusalsCarryTheHeaders(backend: ServerBackend) async throws {
        try await TestServer(backend).test { client, _ in
            let created = try await client.signed(
                Self.alice, uri: Self.record, method: .put, headers: [.ifNoneMatch: "*"], body: ByteBuffer("one"))
            #expect(created.status == .created)
            #expect(created.headers[.accessControlAllowOrigin] == nil)
            for method in [HTTPRequest.Method.get, .head] {
                let read = try await client.signed(Self.reader, uri: Self.record, method: method)
                #expect(read.status == .ok)
                #expect(read.headers[.accessControlAllowOrigin] == "*")
                let exposed = try #require(read.headers[.accessControlExposeHeaders])
                #expect(exposed.contains("ETag") && exposed.contains("Content-Length"))
                let missing = try await client.signed(
                    Self.reader, uri: "/v1/vaults/team/records/0011.list", method: method)
                #expect(missing.status == .notFound && missing.headers[.accessControlAllowOrigin] == "*")
                let unsigned = try await client.execute(uri: Self.record, method: method)
                #expect(unsigned.status == .unauthorized && unsigned.headers[.accessControlAllowOrigin] == "*")
            }
            let listing = try await client.signed(Self.reader, uri: "/v1/vaults/team/records", method: .get)
            #expect(listing.status == .ok && listing.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
