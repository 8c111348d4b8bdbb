// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// `DELETE /v1/links/{lookupID}` (Spec/server.md §5.2, links.md §9.2): only the token whose SHA-256 was declared
/// at upload withdraws a link; then every read is `404`, the file is gone, and a retried upload with other terms
/// is refused as before.
@Suite struct LinkRevocationRouteTests {
    static let uri = LinkRouteTests.uri
    static let token = [UInt8](repeating: 0x5A, count: 32)
    static let hashHeader = HTTPField.Name("Coffer-Link-Revocation-Hash")!
    static let tokenHeader = HTTPField.Name("Coffer-Link-Revocation")!

    /// These uploads are unsigned, as `coffer link create --server` with an age identity sends them: the server
    /// accepts them only with `--anonymous-links`.
    static let anonymous = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, anonymousLinkUploads: true)

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func upload(_ client: any TestClientProtocol, _ headers: HTTPFields) async throws -> TestResponse {
        try await client.execute(
            uri: Self.uri, method: .put, headers: headers, body: ByteBuffer(bytes: LinkRouteTests.file))
    }

    func delete(_ client: any TestClientProtocol, _ token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[Self.tokenHeader] = token }
        return try await client.execute(uri: Self.uri, method: .delete, headers: headers)
    }

    @Test func onlyTheDeclaredTokenWithdrawsTheLink() async throws {
        let server = try await TestServer(limits: Self.anonymous)
        try await server.test { client, store in
            let created = try await upload(client, [Self.hashHeader: Self.hex(SHA256.hash(Self.token))])
            #expect(created.status == .created)
            let other = [UInt8](repeating: 0x5B, count: 32)
            let answer1 = try await delete(client, Self.hex(other))
            #expect(answer1.status == .forbidden)
            let answer2 = try await delete(client, nil)
            #expect(answer2.status == .unauthorized, "no token: only the uploader's signature would do")
            let answer3 = try await delete(client, "zz" + Self.hex(Self.token).dropFirst(2))
            #expect(answer3.status == .badRequest)
            let answer4 = try await client.execute(uri: Self.uri, method: .get)
            #expect(answer4.status == .ok, "still served")
            let answer5 = try await delete(client, Self.hex(Self.token).uppercased())
            #expect(answer5.status == .noContent)
            let answer6 = try await client.execute(uri: Self.uri, method: .get)
            #expect(answer6.status == .notFound)
            let answer7 = try await client.execute(uri: Self.uri, method: .head)
            #expect(answer7.status == .notFound)
            let answer8 = try await store.link(LinkRouteTests.id)
            #expect(answer8 == nil)
            let path = server.directory.appendingPathComponent("blobs/link-\(LinkRouteTests.id)").path
            #expect(!FileManager.default.fileExists(atPath: path), "the file is removed")
            let answer9 = try await delete(client, Self.hex(Self.token))
            #expect(answer9.status == .notFound)
        }
    }

    @Test func aLinkUploadedWithoutAHashCannotBeWithdrawn() async throws {
        try await TestServer(limits: Self.anonymous).test { client, _ in
            let answer10 = try await upload(client, [:])
            #expect(answer10.status == .created)
            let answer11 = try await delete(client, Self.hex(Self.token))
            #expect(answer11.status == .forbidden)
            let answer12 = try await client.execute(uri: Self.uri, method: .get)
            #expect(answer12.status == .ok)
        }
    }

    @Test func aRetryMustDeclareTheSameHash() async throws {
        try await TestServer(limits: Self.anonymous).test { client, _ in
            let declared = Self.hex(SHA256.hash(Self.token))
            let answer13 = try await upload(client, [Self.hashHeader: declared])
            #expect(answer13.status == .created)
            let answer14 = try await upload(client, [Self.hashHeader: declared])
            #expect(answer14.status == .ok)
            let answer15 = try await upload(client, [:])
            #expect(answer15.status == .preconditionFailed)
            let answer16 = try await upload(client, [Self.hashHeader: String(repeating: "0", count: 64)])
            #expect(answer16.status == .preconditionFailed)
            let answer17 = try await upload(client, [Self.hashHeader: "not hex"])
            #expect(answer17.status == .badRequest)
        }
    }
}
