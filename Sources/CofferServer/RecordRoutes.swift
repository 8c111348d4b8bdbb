// SPDX-License-Identifier: MIT
import Foundation
import HTTPTypes
import Hummingbird

/// `/v1/vaults/{vault}/records…` (Spec/server.md §5.1): the exact operations of `VaultRecordStore`, each one
/// request with conditional headers. The server never interprets a record; it keeps the conditions, and checks
/// each request's signature and the signer's right to write (§6) before anything is stored.
struct RecordRoutes: Sendable {
    let store: any ServerStore
    let limits: ServerLimits
    let authenticator: RequestAuthenticator
    /// Where bodies above `limits.recordFileBytes` stream to (§4.4); nil: every body is received whole.
    var blobs: (any RecordBlobStore)? = nil
    var access: RecordAccess { RecordAccess(store: store) }

    /// The largest account record stored without a signature (a new account's records are a few hundred bytes).
    static let unsignedRecordLimit = 64 << 10

    func add(to router: Router<ServerContext>) {
        let group = router.group("v1/vaults/:vault/records")
        group.get { request, context in try await list(request, context) }
        group.get(":record") { request, context in
            try await Self.withCORS { try await read(request, context, body: true) }
        }
        group.head(":record") { request, context in
            try await Self.withCORS { try await read(request, context, body: false) }
        }
        group.put(":record") { request, context in try await write(request, context) }
        group.delete(":record") { request, context in try await remove(request, context) }
        addCORS(to: group)
    }

    func names(_ context: ServerContext) throws -> (vault: String, record: String?) {
        guard let vault = context.parameters.get("vault").flatMap(ServerNames.vault) else {
            throw HTTPError(.badRequest, message: "invalid vault name")
        }
        guard let text = context.parameters.get("record") else { return (vault, nil) }
        guard let record = ServerNames.record(text) else { throw HTTPError(.badRequest, message: "invalid record id") }
        return (vault, record)
    }

    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
    static let signatureRequired = RequestAuthenticator.unauthorized("this request must be signed")

    /// Signed: every id. Unsigned: the account records only (anyone may read those, §6.4).
    func list(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (vault, _) = try names(context)
        let signed = try await authenticator.account(of: request) != nil
        var ids = try await store.recordIDs(vault: vault)
        if !signed { ids = ids.filter { RecordAccess.accountOwner(of: $0) != nil } }
        let body = try JSONEncoder().encode(ids)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The record, or the one range `Range: bytes=…` asks for (`206`, as for links, §5.2), streamed from its blob
    /// when it has one: a large body is never read whole into memory.
    func read(_ request: Request, _ context: ServerContext, body: Bool) async throws -> Response {
        let (vault, id) = try names(context)
        guard let id else { throw HTTPError(.notFound) }
        let signed = try await authenticator.account(of: request) != nil
        guard signed || RecordAccess.accountOwner(of: id) != nil else { throw Self.signatureRequired }
        let found: RecordHead?
        if let blobs {
            found = try await blobs.recordHead(vault: vault, id: id)
        } else {
            found = try await store.readRecord(vault: vault, id: id).map {
                RecordHead(version: $0.version, inline: $0.bytes)
            }
        }
        guard let record = found else { throw HTTPError(.notFound) }
        var headers: HTTPFields = [
            .contentType: "application/octet-stream", .eTag: EntityTag.quoted(record.version),
            .cacheControl: "no-store", .acceptRanges: "bytes",
        ]
        if EntityTag.matches(request.headers[.ifNoneMatch], record.version) {
            return Response(status: .notModified, headers: headers)
        }
        var range = ByteRange.parse(request.headers[.range], size: record.size)
        if let ifRange = request.headers[.ifRange], !EntityTag.matches(ifRange, record.version) { range = .whole }
        let status: HTTPResponse.Status
        let served: ClosedRange<Int64>?
        switch range {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(record.size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            status = .ok
            served = record.size > 0 ? 0...(record.size - 1) : nil
        case .part(let part):
            status = .partialContent
            served = part
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(record.size)"
        }
        headers[.contentLength] = String(served?.count ?? 0)
        guard body, let served else { return Response(status: status, headers: headers) }
        if let blob = record.blob, let blobs {
            return Response(
                status: status, headers: headers, body: try await blobs.blobBody(blob, range: served, context: context))
        }
        let bytes = record.inline ?? ByteBuffer()
        let slice = bytes.getSlice(at: bytes.readerIndex + Int(served.lowerBound), length: Int(served.count))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: slice ?? ByteBuffer()))
    }

    /// `If-None-Match: *` creates (`201`, or `412` if present); `If-Match: "v"` replaces (`204`, or `412` if the
    /// version differs or the record is gone); neither is a plain put, for account records (`204`). Signed, and
    /// by an account that may write the record (§6.2); or unsigned, for an account record that does not exist.
    func write(_ request: Request, _ context: ServerContext) async throws -> Response {
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
        let claim = try authenticator.claim(request)
        let accountOwner = RecordAccess.accountOwner(of: id)
        guard claim != nil || (accountOwner != nil && ifMatch == nil) else { throw Self.signatureRequired }
        let limit = claim == nil ? Self.unsignedRecordLimit : limits.maxRecordBytes
        if let claim, let blobs, ifNoneMatch != nil, streams(request) {
            return try await createStreamed(request, vault: vault, id: id, claim: claim, blobs: blobs)
        }
        let reader = BodyReader(
            limit: limit, minBytesPerSecond: limits.minBodyBytesPerSecond, grace: .seconds(limits.slowBodyGraceSeconds))
        let (bytes, digest) = try await reader.collect(request)
        let record = StoredServerRecord(received: bytes)
        let headers: HTTPFields = [.eTag: EntityTag.quoted(record.version)]
        guard let claim else {
            return try await storeUnsignedAccountRecord(
                vault: vault, id: id, record, owner: accountOwner ?? "", createOnly: ifNoneMatch != nil)
        }
        let account = try await authenticator.verify(claim, bodyDigest: digest)
        try await access.authoriseWrite(vault: vault, id: id, account: account)
        if accountOwner == nil { try await checkQuota(account, adding: bytes.readableBytes) }
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

    /// True for a body that streams to a blob: announced above the record-file threshold, or not announced.
    func streams(_ request: Request) -> Bool {
        guard let length = request.headers[.contentLength].flatMap(Int.init) else { return true }
        return length > limits.recordFileBytes
    }

    /// A create whose body is written to storage as it arrives (§4.4), under the same limits, signature, rights
    /// and quota as any write, checked once the body (and so its SHA-256) is complete; only then is the row
    /// written that makes it visible. Anything refused removes what was received.
    func createStreamed(
        _ request: Request, vault: String, id: String, claim: SignatureClaim, blobs: any RecordBlobStore
    ) async throws -> Response {
        let reader = BodyReader(
            limit: limits.maxRecordBytes, minBytesPerSecond: limits.minBodyBytesPerSecond,
            grace: .seconds(limits.slowBodyGraceSeconds))
        try reader.checkAnnounced(request)
        let upload = try await blobs.beginRecordBlob()
        let blob: RecordBlob
        let version: String
        do {
            let digest = try await reader.read(request) { try await upload.write($0) }
            let account = try await authenticator.verify(claim, bodyDigest: digest)
            try await access.authoriseWrite(vault: vault, id: id, account: account)
            if RecordAccess.accountOwner(of: id) == nil { try await checkQuota(account, adding: Int(upload.size)) }
            version = digest.map { String(format: "%02x", $0) }.joined()
            blob = try await upload.finish()
        } catch {
            await upload.discard()
            throw error
        }
        let record = StoredServerRecord(bytes: ByteBuffer(), version: version, blob: blob)
        // Not applied: the store removed the blob no row names.
        guard try await store.createRecord(vault: vault, id: id, record) else { throw HTTPError(.preconditionFailed) }
        return Response(status: .created, headers: [.eTag: EntityTag.quoted(version)])
    }

    /// A new account's record, stored without a signature only where none exists; the same bytes again (a retry)
    /// are answered as the first time; anything else takes the account's signature (`401`).
    func storeUnsignedAccountRecord(
        vault: String, id: String, _ record: StoredServerRecord, owner: String, createOnly: Bool
    ) async throws -> Response {
        try await access.reserveRoot(of: owner)
        let headers: HTTPFields = [.eTag: EntityTag.quoted(record.version)]
        if try await store.createRecord(vault: vault, id: id, record) {
            return Response(status: createOnly ? .created : .noContent, headers: headers)
        }
        if createOnly { throw HTTPError(.preconditionFailed) }
        guard let existing = try await store.readRecord(vault: vault, id: id), existing.version == record.version
        else {
            throw RequestAuthenticator.unauthorized("replacing an account record takes that account's signature")
        }
        return Response(status: .noContent, headers: headers)
    }

    /// `507` when storing `size` more bytes would take `account` past its quota.
    func checkQuota(_ account: String, adding size: Int) async throws {
        let used = try await store.usage(account: account)
        guard used + Int64(size) <= limits.quotaBytes else {
            throw HTTPError(
                Self.insufficientStorage, message: "this account's quota of \(limits.quotaBytes) bytes is used")
        }
    }

    func remove(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (vault, id) = try names(context)
        guard let id else { throw HTTPError(.badRequest) }
        guard let account = try await authenticator.account(of: request) else { throw Self.signatureRequired }
        try await access.authoriseWrite(vault: vault, id: id, account: account)
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
