// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// Spec/server-openapi.yaml against a running `coffer serve` (Spec/server.md §5, §6, §7): the document lists
/// exactly the routes the router has; signed and unsigned requests for every documented route, each answer
/// checked by `OpenAPIChecker` (status, headers, media type, body schema); every documented answer shown by some
/// request, the refusals of §6 included (`401`, `403`, `408`, `412`, `413`, `416`, `507`); methods and paths the
/// document does not name are not served (`404`/`405`).
@Suite struct OpenAPITests {
    static let alice = TestAccount(seed: 1)
    static let bob = TestAccount(seed: 2)
    static let carol = TestAccount(seed: 3)
    /// Small limits, so that `413`, `507` and `408` are cheap to provoke: 1 MiB bodies, a 100 000-byte quota,
    /// bodies slower than 64 KiB/s refused after 1 s.
    static let limits = ServerLimits(
        maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, quotaBytes: 100_000, minBodyBytesPerSecond: 64 << 10,
        slowBodyGraceSeconds: 1)

    static let list = "/v1/vaults/{vault}/records"
    static let one = "/v1/vaults/{vault}/records/{record}"
    static let members = "/v1/vaults/{vault}/members/{owner}/{member}/{folder}"
    static let link = "/v1/links/{lookupID}"

    @Test func theDocumentParsesAsOpenAPI31WithEveryReferenceResolved() throws {
        let document = try OpenAPIDocument.load()
        #expect(document.root["openapi"]?.text == "3.1.0")
        let routes = try document.routes()
        #expect(Set(routes.keys) == [Self.list, Self.one, Self.members, Self.link])
        #expect(routes[Self.link]?["GET"]?["206"]?["headers"]?["Content-Range"] != nil)
        // The reader refuses what is outside its subset instead of misreading it.
        #expect(throws: YAMLError.self) { try YAMLSubset.parse("a: &anchor 1") }
        #expect(throws: YAMLError.self) { try YAMLSubset.parse("a: 1\na: 2") }
        #expect(
            try YAMLSubset.parse("a: { b: [1, 'x: y'], c: \"#/d\" } # note")
                == .map([
                    ("a", .map([("b", .list([.scalar("1"), .scalar("x: y")])), ("c", .scalar("#/d"))]))
                ]))
        // The schema checker can fail: a wrong type, a missing member, a pattern, a keyword it does not know.
        let error = try #require(document.root["components"]?["schemas"]?["Error"])
        #expect(try !document.problems(["error": ["message": 1]], error).isEmpty)
        #expect(try !document.problems(["other": 1], error).isEmpty)
        #expect(try document.problems(["error": ["message": "m"]], error).isEmpty)
        let id = try #require(document.root["components"]?["schemas"]?["RecordID"])
        #expect(try !document.problems("Upper", id).isEmpty)
        #expect(throws: OpenAPIProblem.self) { try document.problems(1, .map([("oneOf", .list([]))])) }
    }

    /// The router's routes and the document's, method by method: neither has one the other lacks.
    @Test func theDocumentListsEveryRouteTheServerHasAndNoOther() async throws {
        let documented = try OpenAPIDocument.load().routes().flatMap { template, methods in
            methods.keys.map { "\($0) \(OpenAPIDocument.shape(template))" }
        }
        let server = try await TestServer()
        let storage = try await ServerStorage.open(server.configuration)
        let router = try CofferServer.router(server.configuration, storage: storage)
        try await storage.close()
        try await server.remove()
        let served = router.routes.map { "\($0.method.rawValue) \(OpenAPIDocument.shape($0.path.description))" }
        #expect(Set(served).subtracting(documented).sorted() == [], "served but not documented")
        #expect(Set(documented).subtracting(served).sorted() == [], "documented but not served")
        #expect(!served.isEmpty && served.count == Set(served).count)
    }

    @Test(arguments: ServerBackend.all)
    func everyDocumentedAnswerIsWhatTheRunningServerGives(backend: ServerBackend) async throws {
        let document = try OpenAPIDocument.load()
        let shown = try await TestServer(backend, limits: Self.limits).test(.live) { client, _ in
            let check = try OpenAPIChecker(document, client)
            try await Self.records(check)
            try await Self.slowBodies(check, port: try #require(client.port))
            try await Self.memberships(check)
            try await Self.links(check)
            try await Self.undocumented(check, client)
            return check.shown
        }
        let documented = try document.routes().flatMap { template, methods in
            methods.flatMap { method, statuses in statuses.keys.map { "\(method) \(template) \($0)" } }
        }
        #expect(Set(documented).subtracting(shown).sorted() == [], "documented but never shown")
    }

    static func records(_ check: OpenAPIChecker) async throws {
        let uri = "/v1/vaults/team/records/00aa.list"
        try await check.send(list, "/v1/vaults/team/records", .get)
        try await check.send(list, "/v1/vaults/Team/records", .get)
        try await check.send(one, uri, .put, [.ifNoneMatch: "*"], body: [1, 2, 3])
        let created = try await check.send(one, uri, .put, [.ifNoneMatch: "*"], body: [1, 2, 3], as: alice)
        let tag = try #require(created.headers[.eTag])
        try await check.send(list, "/v1/vaults/team/records", .get, as: alice)
        try await check.send(one, uri, .put, [.ifNoneMatch: "*"], body: [4], as: alice)
        try await check.send(one, uri, .put, [.ifNoneMatch: "\"x\""], body: [4], as: alice)
        try await check.send(one, uri, .put, [.ifMatch: tag], body: [5], as: bob)
        try await check.send(one, uri, .put, [.ifMatch: tag], body: [5], as: alice)
        try await check.send(one, uri, .put, [.ifMatch: tag], body: [6], as: alice)
        try await check.send(one, uri, .put, body: [7], as: alice)
        try await check.send(one, uri, .put, body: [UInt8](repeating: 0, count: (1 << 20) + 1), as: alice)
        try await check.send(one, uri, .put, body: [UInt8](repeating: 0, count: 200_000), as: alice)
        // Signed over other bytes than those sent: 401, for every signed route alike.
        var forged = alice.headers(.get, uri + "x")
        try await check.send(one, uri, .get, forged)
        try await check.send(one, uri, .head, forged)
        forged = alice.headers(.get, "/v1/vaults/team/recordz")
        try await check.send(list, "/v1/vaults/team/records", .get, forged)
        let read = try await check.send(one, uri, .get, as: alice)
        try await check.send(one, uri, .get, [.ifNoneMatch: try #require(read.headers[.eTag])], as: alice)
        try await check.send(one, uri, .head, [.ifNoneMatch: try #require(read.headers[.eTag])], as: alice)
        try await check.send(one, uri, .head, as: alice)
        try await check.send(one, uri, .options)
        try await check.send(one, uri, .get, [.range: "bytes=0-0"], as: alice)
        try await check.send(one, uri, .get, [.range: "bytes=900000000-"], as: alice)
        try await check.send(one, "/v1/vaults/team/records/R", .get, as: alice)
        try await check.send(one, "/v1/vaults/team/records/R", .head, as: alice)
        try await check.send(one, "/v1/vaults/team/records/R", .delete, as: alice)
        try await check.send(one, uri, .delete)
        try await check.send(one, uri, .delete, as: bob)
        try await check.send(one, uri, .delete, as: alice)
        try await check.send(one, uri, .get, as: alice)
        try await check.send(one, uri, .head, as: alice)
    }

    /// A body trickled below the minimum rate: `408` (read off a raw socket; no HTTP client sends so slowly).
    static func slowBodies(_ check: OpenAPIChecker, port: Int) async throws {
        let targets = [(one, "/v1/vaults/team/records/00bb.list"), (link, "/v1/links/EAECAwQFBgcICQoLDA0ODw")]
        for (template, uri) in targets {
            let body = [UInt8](repeating: 7, count: 200)
            let covering: HTTPFields = template == one ? [.ifNoneMatch: "*"] : [:]
            let headers = alice.headers(.put, uri, body: body, covering: covering)
            let text = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.send(LimitTests.head("PUT", uri, headers, length: body.count))
                for _ in 0..<25 {
                    guard (try? connection.send(String(repeating: "\u{7}", count: 8))) != nil else { break }
                    Thread.sleep(forTimeInterval: 0.2)
                }
                return connection.receiveAll()
            }
            let answer = try #require(RawAnswer(text), "no answer: \(text)")
            #expect(answer.status == 408)
            try check.check(template, .put, status: answer.status, headers: answer.headers, body: answer.body)
        }
    }

    static func memberships(_ check: OpenAPIChecker) async throws {
        let folder = String(repeating: "ab", count: 16)
        let uri = "/v1/vaults/team/members/\(alice.hex)/\(bob.hex)/\(folder)"
        let bad = "/v1/vaults/team/members/\(alice.hex)/\(alice.hex)/\(folder)"
        for method in [HTTPRequest.Method.put, .delete] {
            try await check.send(members, uri, method, as: alice)
            try await check.send(members, uri, method, as: bob)
            try await check.send(members, uri, method, as: carol)
            try await check.send(members, uri, method)
            try await check.send(members, bad, method, as: alice)
        }
    }

    static func links(_ check: OpenAPIChecker) async throws {
        let uri = "/v1/links/AAECAwQFBgcICQoLDA0ODw"
        let limited = "/v1/links/BAECAwQFBgcICQoLDA0ODw"
        let file = [UInt8](repeating: 9, count: 5000)
        let downloadLimit = HTTPField.Name("Coffer-Link-Download-Limit")!
        let expires = HTTPField.Name("Coffer-Link-Expires")!
        try await check.send(link, uri, .put, body: file)
        try await check.send(link, uri, .put, body: file, as: alice)
        try await check.send(link, uri, .put, body: file, as: alice)
        try await check.send(link, uri, .put, body: [1], as: alice)
        try await check.send(link, limited, .put, [expires: "soon"], body: file, as: alice)
        try await check.send(link, "/v1/links/AAECAwQFBgcICQoLDA0ODx", .put, body: file, as: alice)
        try await check.send(link, limited, .put, body: [UInt8](repeating: 0, count: (1 << 20) + 1), as: alice)
        try await check.send(link, limited, .put, body: [UInt8](repeating: 0, count: 200_000), as: alice)
        try await check.send(link, limited, .put, [downloadLimit: "1"], body: file, as: alice)
        try await check.send(link, uri, .get)
        try await check.send(link, uri, .get, [.range: "bytes=0-99"])
        try await check.send(link, uri, .get, [.range: "bytes=5000-"])
        try await check.send(link, uri, .head)
        try await check.send(link, uri, .head, [.range: "bytes=10-19"])
        try await check.send(link, uri, .head, [.range: "bytes=5000-"])
        try await check.send(link, uri, .options)
        let unknown = "/v1/links/CAECAwQFBgcICQoLDA0ODw"
        try await check.send(link, unknown, .get)
        try await check.send(link, unknown, .head)
        try await check.send(link, limited, .get)
        try await check.send(link, limited, .get)
        let expired = "/v1/links/DAECAwQFBgcICQoLDA0ODw"
        try await check.send(link, expired, .put, [expires: "1"], body: file, as: alice)
        try await check.send(link, expired, .get)
        try await check.send(link, expired, .head)
        let revocation = HTTPField.Name("Coffer-Link-Revocation")!
        try await check.send(link, uri, .delete, [revocation: "not hex"])
        try await check.send(link, uri, .delete)
        try await check.send(link, uri, .delete, as: bob)
        try await check.send(link, unknown, .delete, as: alice)
        try await check.send(link, uri, .delete, as: alice)
    }

    /// Methods the document does not name on its paths, and paths it does not name, are not served.
    static func undocumented(_ check: OpenAPIChecker, _ client: any TestClientProtocol) async throws {
        let folder = String(repeating: "ab", count: 16)
        let samples = [
            list: "/v1/vaults/team/records",
            one: "/v1/vaults/team/records/00cc.list",
            members: "/v1/vaults/team/members/\(alice.hex)/\(bob.hex)/\(folder)",
            link: "/v1/links/AAECAwQFBgcICQoLDA0ODw",
        ]
        let methods: [HTTPRequest.Method] = [.get, .head, .put, .post, .delete, .patch, .options]
        for (template, uri) in samples {
            for method in methods where check.routes[template]?[method.rawValue] == nil {
                let response = try await client.signed(alice, uri: uri, method: method, body: ByteBuffer(bytes: [1]))
                #expect([404, 405].contains(response.status.code), "\(method) \(uri) is served but not documented")
            }
        }
        let paths = [
            "/", "/v1", "/v1/vaults", "/v1/vaults/team", "/v1/links", "/v1/vaults/team/records/r/x",
            "/v1/vaults/team/members", "/v1/vaults/team/members/\(alice.hex)/\(bob.hex)",
        ]
        for uri in paths {
            for method in methods {
                let response = try await client.execute(uri: uri, method: method, body: ByteBuffer(bytes: [1]))
                #expect([404, 405].contains(response.status.code), "\(method) \(uri) is served but not documented")
            }
        }
    }
}
