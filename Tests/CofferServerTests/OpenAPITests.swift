// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CofferServer

/// Spec/server-openapi.yaml against a running `coffer serve` (Spec/server.md §5, §7): representative requests for
/// every documented route, each answer's status documented for its method and path, every header documented for
/// that status present, every documented status shown by some request; methods and paths the document does not
/// name are not served (`404`/`405`).
// Disabled, with its reason, until its probes sign: it was written before signed requests (server.md §6) were merged,
// so every vault probe is now answered 401 and the members routes are not among the routes it expects.
@Suite(
    .disabled(
        "written before signed requests: its vault probes are unsigned (401) and it does not know the members routes"))
struct OpenAPITests {
    /// `template → method → status → documented response header names`.
    typealias Routes = [String: [String: [String: [String]]]]

    static func document() throws -> YAMLNode {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Spec/server-openapi.yaml")
        return try YAMLSubset.parse(String(contentsOf: url, encoding: .utf8))
    }

    static func routes(_ document: YAMLNode) throws -> Routes {
        var routes: Routes = [:]
        for (template, item) in try #require(document["paths"]).entries {
            for (method, operation) in item.entries where method != "parameters" {
                for (status, answer) in try #require(operation["responses"]).entries {
                    let resolved = try resolve(answer, in: document)
                    routes[template, default: [:]][method.uppercased(), default: [:]][status] =
                        resolved["headers"]?.entries.map(\.key) ?? []
                }
            }
        }
        return routes
    }

    /// A `$ref` to `#/components/…`, followed.
    static func resolve(_ node: YAMLNode, in document: YAMLNode) throws -> YAMLNode {
        guard let reference = node["$ref"]?.text else { return node }
        var target = document
        for part in reference.dropFirst(2).split(separator: "/") { target = try #require(target[String(part)]) }
        return target
    }

    @Test func theDocumentParsesAsOpenAPI31WithEveryReferenceResolved() throws {
        let document = try Self.document()
        #expect(document["openapi"]?.text == "3.1.0")
        let routes = try Self.routes(document)
        #expect(Set(routes.keys) == ["/v1/vaults/{vault}/records", "/v1/vaults/{vault}/records/{record}",
            "/v1/links/{lookupID}"])
        #expect(routes["/v1/links/{lookupID}"]?["GET"]?["206"]?.contains("Content-Range") == true)
        // The reader refuses what is outside its subset instead of misreading it.
        #expect(throws: YAMLError.self) { try YAMLSubset.parse("a: &anchor 1") }
        #expect(throws: YAMLError.self) { try YAMLSubset.parse("a: 1\na: 2") }
        #expect(try YAMLSubset.parse("a: { b: [1, 'x: y'], c: \"#/d\" } # note") == .map([
            ("a", .map([("b", .list([.scalar("1"), .scalar("x: y")])), ("c", .scalar("#/d"))]))]))
    }

    /// Sends requests and checks each answer against the document, keeping what was shown.
    final class Checker: @unchecked Sendable {
        let routes: Routes
        let client: any TestClientProtocol
        var shown: Set<String> = []

        init(_ routes: Routes, _ client: any TestClientProtocol) {
            self.routes = routes
            self.client = client
        }

        @discardableResult
        func send(
            _ template: String, _ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields = [:],
            body: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> TestResponse {
            let response = try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
            let status = String(response.status.code)
            guard let documented = routes[template]?[method.rawValue]?[status] else {
                Issue.record("\(method) \(uri) answered \(status), not documented", sourceLocation: sourceLocation)
                return response
            }
            for name in documented {
                let field = try #require(HTTPField.Name(name))
                #expect(
                    response.headers[field] != nil, "\(method) \(uri) \(status) lacks \(name)",
                    sourceLocation: sourceLocation)
            }
            shown.insert("\(method.rawValue) \(template) \(status)")
            return response
        }
    }

    @Test func everyDocumentedAnswerIsWhatTheRunningServerGives() async throws {
        let routes = try Self.routes(try Self.document())
        let shown = try await TestServer().test(.live) { client, _ in
            let check = Checker(routes, client)
            try await Self.records(check)
            try await Self.links(check)
            try await Self.undocumented(check, client)
            return check.shown
        }
        let documented = routes.flatMap { template, methods in
            methods.flatMap { method, statuses in statuses.keys.map { "\(method) \(template) \($0)" } }
        }
        #expect(Set(documented).subtracting(shown).sorted() == [], "documented but never shown")
    }

    static func records(_ check: Checker) async throws {
        let list = "/v1/vaults/{vault}/records"
        let one = "/v1/vaults/{vault}/records/{record}"
        let uri = "/v1/vaults/team/records/r1"
        try await check.send(list, "/v1/vaults/team/records", .get)
        try await check.send(list, "/v1/vaults/Team/records", .get)
        let created = try await check.send(one, uri, .put, [.ifNoneMatch: "*"], body: [1, 2, 3])
        let tag = try #require(created.headers[.eTag])
        try await check.send(one, uri, .put, [.ifNoneMatch: "*"], body: [4])
        try await check.send(one, uri, .put, [.ifNoneMatch: "\"x\""], body: [4])
        try await check.send(one, uri, .put, [.ifMatch: tag], body: [5])
        try await check.send(one, uri, .put, [.ifMatch: tag], body: [6])
        try await check.send(one, uri, .put, body: [7])
        try await check.send(one, uri, .put, body: [UInt8](repeating: 0, count: (1 << 20) + 1))
        let read = try await check.send(one, uri, .get)
        try await check.send(one, uri, .get, [.ifNoneMatch: try #require(read.headers[.eTag])])
        try await check.send(one, uri, .head, [.ifNoneMatch: try #require(read.headers[.eTag])])
        try await check.send(one, uri, .head)
        try await check.send(one, "/v1/vaults/team/records/R", .get)
        try await check.send(one, "/v1/vaults/team/records/R", .head)
        try await check.send(one, "/v1/vaults/team/records/R", .delete)
        try await check.send(one, uri, .delete)
        try await check.send(one, uri, .get)
        try await check.send(one, uri, .head)
    }

    static func links(_ check: Checker) async throws {
        let link = "/v1/links/{lookupID}"
        let uri = "/v1/links/AAECAwQFBgcICQoLDA0ODw"
        let limited = "/v1/links/BAECAwQFBgcICQoLDA0ODw"
        let file = [UInt8](repeating: 9, count: 5000)
        let downloadLimit = HTTPField.Name("Coffer-Link-Download-Limit")!
        try await check.send(link, uri, .put, body: file)
        try await check.send(link, uri, .put, body: file)
        try await check.send(link, uri, .put, body: [1])
        try await check.send(link, limited, .put, [HTTPField.Name("Coffer-Link-Expires")!: "soon"], body: file)
        try await check.send(link, "/v1/links/AAECAwQFBgcICQoLDA0ODx", .put, body: file)
        try await check.send(link, limited, .put, body: [UInt8](repeating: 0, count: (1 << 20) + 1))
        try await check.send(link, limited, .put, [downloadLimit: "1"], body: file)
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
        try await check.send(link, expired, .put, [HTTPField.Name("Coffer-Link-Expires")!: "1"], body: file)
        try await check.send(link, expired, .get)
        try await check.send(link, expired, .head)
    }

    /// Methods the document does not name on its paths, and paths it does not name, are not served.
    static func undocumented(_ check: Checker, _ client: any TestClientProtocol) async throws {
        let samples = [
            "/v1/vaults/{vault}/records": "/v1/vaults/team/records",
            "/v1/vaults/{vault}/records/{record}": "/v1/vaults/team/records/r2",
            "/v1/links/{lookupID}": "/v1/links/AAECAwQFBgcICQoLDA0ODw",
        ]
        let methods: [HTTPRequest.Method] = [.get, .head, .put, .post, .delete, .patch, .options]
        for (template, uri) in samples {
            for method in methods where check.routes[template]?[method.rawValue] == nil {
                let response = try await client.execute(uri: uri, method: method, body: ByteBuffer(bytes: [1]))
                #expect([404, 405].contains(response.status.code), "\(method) \(uri) is served but not documented")
            }
        }
        for uri in ["/", "/v1", "/v1/vaults", "/v1/vaults/team", "/v1/links", "/v1/vaults/team/records/r/x"] {
            for method in methods {
                let response = try await client.execute(uri: uri, method: method, body: ByteBuffer(bytes: [1]))
                #expect([404, 405].contains(response.status.code), "\(method) \(uri) is served but not documented")
            }
        }
    }
}
