// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import Hummingbird

/// `/v1/vaults/{vault}/records…` (Spec/server.md §5.1): the exact operations of `VaultRecordStore`, each one
/// request with conditional headers. The server never interprets a record; it only keeps the conditions.
struct RecordRoutes: Sendable {
    let store: any ServerStore
    let limits: ServerLimits

    func add(to router: Router<BasicRequestContext>) {
        let group = router.group("v1/vaults/:vault/records")
        group.get { request, context in try await list(request, context) }
        group.get(":record") { request, context in try await read(request, context, body: true) }
        group.head(":record") { request, context in try await read(request, context, body: false) }
        group.put(":record") { request, context in try await write(request, context) }
        group.delete(":record") { request, context in try await remove(request, context) }
    }

    func names(_ context: BasicRequestContext) throws -> (vault: String, record: String?) {
        guard let vault = context.parameters.get("vault").flatMap(ServerNames.vault) else {
            throw HTTPError(.badRequest, message: "invalid vault name")
        }
        guard let text = context.parameters.get("record") else { return (vault, nil) }
        guard let record = ServerNames.record(text) else { throw HTTPError(.badRequest, message: "invalid record id") }
        return (vault, record)
    }

    func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (vault, _) = try names(context)
        let ids = try await store.recordIDs(vault: vault)
        let body = try JSONEncoder().encode(ids)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    func read(_ request: Request, _ context: BasicRequestContext, body: Bool) async throws -> Response {
        let (vault, id) = try names(context)
        guard let id, let record = try await store.readRecord(vault: vault, id: id) else {
            throw HTTPError(.notFound)
        }
        var headers: HTTPFields = [
            .contentType: "application/octet-stream", .eTag: EntityTag.quoted(record.version),
            .cacheControl: "no-store", .contentLength: String(record.bytes.readableBytes),
        ]
        if EntityTag.matches(request.headers[.ifNoneMatch], record.version) {
            headers[.contentLength] = nil
            return Response(status: .notModified, headers: headers)
        }
        let content = body ? record.bytes : ByteBuffer()
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: content))
    }

    /// `If-None-Match: *` creates (`201`, or `412` if present); `If-Match: "v"` replaces (`204`, or `412` if the
    /// version differs or the record is gone); neither is a plain put, for account records (`204`).
    func write(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (vault, id) = try names(context)
        guard let id else { throw HTTPError(.badRequest) }
        let ifNoneMatch = request.headers[.ifNoneMatch]
        let ifMatch = request.headers[.ifMatch]
        guard ifNoneMatch == nil || ifNoneMatch == "*" else {
            throw HTTPError(.badRequest, message: "If-None-Match must be *")
        }
        guard ifNoneMatch == nil || ifMatch == nil else {
            throw HTTPError(.badRequest, message: "If-None-Match and If-Match together")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maxRecordBytes {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        let bytes = try await request.collectBody(upTo: limits.maxRecordBytes)
        let record = StoredServerRecord(received: bytes)
        let headers: HTTPFields = [.eTag: EntityTag.quoted(record.version)]
        if ifNoneMatch != nil {
            guard try await store.createRecord(vault: vault, id: id, record) else {
                throw HTTPError(.preconditionFailed)
            }
            return Response(status: .created, headers: headers)
        }
        if let ifMatch {
            guard let version = EntityTag.unquoted(ifMatch),
                try await store.replaceRecord(vault: vault, id: id, record, ifVersion: version)
            else { throw HTTPError(.preconditionFailed) }
            return Response(status: .noContent, headers: headers)
        }
        try await store.putRecord(vault: vault, id: id, record)
        return Response(status: .noContent, headers: headers)
    }

    func remove(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (vault, id) = try names(context)
        guard let id else { throw HTTPError(.badRequest) }
        try await store.deleteRecord(vault: vault, id: id)
        return Response(status: .noContent)
    }
}

/// Strong entity tags: `"<token>"` (RFC 9110 §8.8.3). Weak tags (`W/"…"`) and lists are not matched.
enum EntityTag {
    static func quoted(_ token: String) -> String { "\"\(token)\"" }

    static func unquoted(_ header: String) -> String? {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        let token = String(text.dropFirst().dropLast())
        guard !token.contains("\""), !token.contains(",") else { return nil }
        return token
    }

    static func matches(_ header: String?, _ token: String) -> Bool {
        guard let header else { return false }
        return unquoted(header) == token
    }
}
