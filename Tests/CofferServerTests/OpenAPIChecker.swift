// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Sends requests (signed by a test account, or not) and checks each answer against Spec/server-openapi.yaml: its
/// status documented for that method and path, every header documented for that status present and fitting its
/// schema, a body only where content is documented, of a documented media type, and a JSON body fitting its
/// schema. Keeps what was shown, so that a test can ask which documented answers no request produced.
final class OpenAPIChecker: @unchecked Sendable {
    let document: OpenAPIDocument
    let routes: [String: [String: [String: YAMLNode]]]
    let client: any TestClientProtocol
    private let lock = NSLock()
    private var shownAnswers: Set<String> = []

    init(_ document: OpenAPIDocument, _ client: any TestClientProtocol) throws {
        self.document = document
        self.routes = try document.routes()
        self.client = client
    }

    var shown: Set<String> { lock.withLock { shownAnswers } }

    /// Sends the request (signed by `account` if given) and checks the answer; the answer.
    @discardableResult
    func send(
        _ template: String, _ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields = [:],
        body: [UInt8]? = nil, as account: TestAccount? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let buffer = body.map { ByteBuffer(bytes: $0) }
        let response =
            if let account {
                try await client.signed(account, uri: uri, method: method, headers: headers, body: buffer)
            } else {
                try await client.execute(uri: uri, method: method, headers: headers, body: buffer)
            }
        try check(
            template, method, status: Int(response.status.code), headers: response.headers,
            body: Array(response.body.readableBytesView), sourceLocation: sourceLocation)
        return response
    }

    /// Checks one answer (also one read off a raw socket) against the document.
    func check(
        _ template: String, _ method: HTTPRequest.Method, status: Int, headers: HTTPFields, body: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let name = "\(method.rawValue) \(template) \(status)"
        guard let documented = routes[template]?[method.rawValue]?[String(status)] else {
            Issue.record("\(name) is not documented", sourceLocation: sourceLocation)
            return
        }
        for (header, declaration) in documented["headers"]?.entries ?? [] {
            let field = try #require(HTTPField.Name(header))
            guard let value = headers[field] else {
                Issue.record("\(name) lacks \(header)", sourceLocation: sourceLocation)
                continue
            }
            if let schema = try document.resolve(declaration)["schema"] {
                let found = try document.problems(value, schema, at: header)
                #expect(found.isEmpty, "\(name): \(found)", sourceLocation: sourceLocation)
            }
        }
        try checkBody(name, documented, headers: headers, body: body, sourceLocation: sourceLocation)
        lock.withLock { _ = shownAnswers.insert("\(method.rawValue) \(template) \(status)") }
    }

    func checkBody(
        _ name: String, _ documented: YAMLNode, headers: HTTPFields, body: [UInt8], sourceLocation: SourceLocation
    ) throws {
        guard !body.isEmpty else { return }
        let mediaType = headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let mediaType, let content = documented["content"]?[mediaType] else {
            Issue.record(
                "\(name) has a body (\(mediaType ?? "no Content-Type")) the document does not declare",
                sourceLocation: sourceLocation)
            return
        }
        guard mediaType == "application/json", let schema = content["schema"] else { return }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            Issue.record("\(name): the body is not JSON", sourceLocation: sourceLocation)
            return
        }
        let found = try document.problems(value, schema)
        #expect(found.isEmpty, "\(name): \(found)", sourceLocation: sourceLocation)
    }
}

/// An HTTP answer read off a raw socket: the status line, the headers and as much of the body as arrived.
struct RawAnswer {
    let status: Int
    let headers: HTTPFields
    let body: [UInt8]

    init?(_ text: String) {
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers = HTTPFields()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) else {
                return nil
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append(HTTPField(name: name, value: value))
        }
        self.status = status
        self.headers = headers
        body = Array(text[end.upperBound...].utf8)
    }
}
