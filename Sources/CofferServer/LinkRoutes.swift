// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import HTTPTypes
import Hummingbird

/// `/v1/links/{lookupID}` (Spec/server.md §5.2): the storage contract for link downloads, which the CLI and the
/// browser opener read. A link read is a capability (the lookup id) and carries no credentials, so any origin
/// may read it (CORS). Unknown and revoked look the same (`404`); past its expiry or its download limit a link is
/// `410`. An open is a `GET` whose range starts at byte 0; resuming the open that reached the limit is served
/// for `resumeWindow` seconds after it.
struct LinkRoutes: Sendable {
    let store: any ServerStore
    let files: any LinkFileStore
    let limits: ServerLimits
    let authenticator: RequestAuthenticator
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    static let resumeWindow: Int64 = 15 * 60
    static let expiresHeader = HTTPField.Name("Coffer-Link-Expires")!
    static let downloadLimitHeader = HTTPField.Name("Coffer-Link-Download-Limit")!
    static let revocationHashHeader = HTTPField.Name("Coffer-Link-Revocation-Hash")!
    static let revocationHeader = HTTPField.Name("Coffer-Link-Revocation")!

    static let cors = LinkReadAnswer.cors

    func add(to router: Router<ServerContext>) {
        router.get("v1/links/:lookup") { request, context in try await download(request, context, body: true) }
        router.head("v1/links/:lookup") { request, context in try await download(request, context, body: false) }
        router.put("v1/links/:lookup") { request, context in try await upload(request, context) }
        router.delete("v1/links/:lookup") { request, context in try await revoke(request, context) }
        router.on("v1/links/:lookup", method: .options) { _, _ in
            var headers = Self.cors
            headers[.accessControlAllowMethods] = "GET, HEAD"
            headers[.accessControlAllowHeaders] = "Range, If-Range"
            headers[.accessControlMaxAge] = "86400"
            return Response(status: .noContent, headers: headers)
        }
    }

    func lookupID(_ context: ServerContext) throws -> String {
        guard let id = context.parameters.get("lookup").flatMap(ServerNames.lookupID) else {
            throw HTTPError(.notFound, headers: Self.cors)
        }
        return id
    }

    func download(_ request: Request, _ context: ServerContext, body: Bool) async throws -> Response {
        let id = try lookupID(context)
        guard let source = try await files.source(id) else { throw HTTPError(.notFound, headers: Self.cors) }
        let link = source.metadata
        let now = now()
        let answer: LinkReadAnswer.Serve
        switch LinkReadAnswer.of(
            link, range: request.headers[.range], ifRange: request.headers[.ifRange], body: body, now: now)
        {
        case .gone: throw HTTPError(.gone, headers: Self.cors)
        case .unsatisfiable(let headers): throw HTTPError(.rangeNotSatisfiable, headers: headers)
        case .serve(let serve): answer = serve
        }
        try await checkLimit(link, opens: answer.opens, now: now)
        let status = answer.status
        let headers = answer.headers
        guard body, let served = answer.range else { return Response(status: status, headers: headers) }
        if let file = source.file, file.isCached(served), let sender = LinkFileSender.on(context.channel) {
            let sent = sender.send(file, range: served, on: context.channel.eventLoop)
            return Response(
                status: status, headers: headers, body: LinkFileSender.body(count: Int64(served.count), sent: sent))
        }
        let file = try await source.body(served)
        return Response(status: status, headers: headers, body: file)
    }

    /// `410` once the limit is reached, except a resume (not an open) shortly after the open that reached it. A
    /// link without a limit is not counted: nothing reads the count, and a database write (a commit, an `fsync`
    /// on SQLite) per download was what held whole-file downloads to a fraction of a static file server's rate.
    func checkLimit(_ link: LinkMetadata, opens: Bool, now: Int64) async throws {
        guard let limit = link.downloadLimit else { return }
        if opens {
            guard try await store.countOpen(link.lookupID, at: now) else { throw HTTPError(.gone, headers: Self.cors) }
            return
        }
        if link.downloads >= limit {
            guard let last = link.lastOpen, now - last <= Self.resumeWindow else {
                throw HTTPError(.gone, headers: Self.cors)
            }
        }
    }

    /// Create-only, signed by any account (§6.2), which becomes the link's owner and is charged for it: `201`
    /// with the `ETag`; the same bytes, terms and owner again (a retry) `200`; anything else under a taken lookup
    /// id `412`. The body streams to the link file store and is refused past `maxLinkBytes` (`413`, nothing kept);
    /// the signature (over the body's SHA-256, computed as it streams) is checked before the upload is committed.
    func upload(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try lookupID(context)
        let expires = try Self.number(request.headers[Self.expiresHeader], name: "Coffer-Link-Expires")
        let limit = try Self.number(request.headers[Self.downloadLimitHeader], name: "Coffer-Link-Download-Limit")
        if let limit, limit < 1 { throw HTTPError(.badRequest, message: "Coffer-Link-Download-Limit below 1") }
        let revocationHash = request.headers[Self.revocationHashHeader]
        if let revocationHash, Self.hexBytes(revocationHash) == nil {
            throw HTTPError(.badRequest, message: "Coffer-Link-Revocation-Hash is not 64 hex digits")
        }
        // Signed: the signer owns the link and is charged for it. Unsigned: only where the operator allows
        // anonymous uploads (--anonymous-links), owned by nobody and revoked by the token alone.
        let claim = try authenticator.claim(request)
        guard claim != nil || limits.anonymousLinkUploads else { throw RecordRoutes.signatureRequired }
        let reader = BodyReader(
            limit: limits.maxLinkBytes, minBytesPerSecond: limits.minBodyBytesPerSecond,
            grace: .seconds(limits.slowBodyGraceSeconds))
        try reader.checkAnnounced(request)
        if let claim, let length = request.headers[.contentLength].flatMap(Int64.init) {
            try await quota(claim.account, adding: length)
        }
        let upload = try await files.beginUpload(id)
        let commit: LinkCommit
        do {
            let digest = try await reader.read(request) { buffer in try await upload.write(buffer) }
            var account: String?
            if let claim {
                let signer = try await authenticator.verify(claim, bodyDigest: digest)
                try await quota(signer, adding: upload.size)
                account = signer
            }
            let metadata = LinkMetadata(
                lookupID: id, size: upload.size, etag: UUID().uuidString.lowercased(), expires: expires,
                downloadLimit: limit, owner: account, revocationHash: revocationHash)
            commit = try await upload.commit(metadata)
        } catch {
            await upload.discard()
            throw error
        }
        switch commit {
        case .created(let etag): return Response(status: .created, headers: [.eTag: EntityTag.quoted(etag)])
        case .retried(let etag): return Response(status: .ok, headers: [.eTag: EntityTag.quoted(etag)])
        case .conflict: throw HTTPError(.preconditionFailed)
        }
    }

    /// `507` when `size` more bytes would take `account` past its quota.
    func quota(_ account: String, adding size: Int64) async throws {
        guard try await store.usage(account: account) + size <= Int64(limits.quotaBytes) else {
            throw HTTPError(RecordRoutes.insufficientStorage, message: "this account's quota is used")
        }
    }

    /// `DELETE`: with `Coffer-Link-Revocation: <token, hex>` (Spec/links.md §9.2) when `SHA-256(token)` is the hash
    /// declared at upload; otherwise signed by the account that uploaded the link. The row goes first (from then on
    /// it is `404`, like an id never used), then its file. Another token or account is `403`; an unknown id `404`;
    /// a malformed token `400`.
    func revoke(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try lookupID(context)
        if let header = request.headers[Self.revocationHeader] {
            guard let token = Self.hexBytes(header) else {
                throw HTTPError(.badRequest, message: "Coffer-Link-Revocation is not 64 hex digits")
            }
            guard let link = try await store.link(id) else { throw HTTPError(.notFound, headers: Self.cors) }
            let presented = SHA256.hash(token)
            guard let declared = link.revocationHash.flatMap(Self.hexBytes), Self.equal(presented, declared) else {
                throw HTTPError(.forbidden, message: "this token does not revoke the link")
            }
        } else {
            guard let account = try await authenticator.account(of: request) else {
                throw RecordRoutes.signatureRequired
            }
            guard let link = try await store.link(id) else { throw HTTPError(.notFound, headers: Self.cors) }
            guard link.owner == account else {
                throw HTTPError(.forbidden, message: "only the uploader revokes a link")
            }
        }
        guard try await store.deleteLink(id) else { throw HTTPError(.notFound, headers: Self.cors) }
        await files.removeFile(id)
        return Response(status: .noContent)
    }

    /// 64 hex digits (either case) → 32 bytes; nil for anything else.
    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Equal lengths and bytes, in time independent of where they differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func number(_ header: String?, name: String) throws -> Int64? {
        guard let header else { return nil }
        guard header.count <= 18, header.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(header) else {
            throw HTTPError(.badRequest, message: "\(name) is not a number")
        }
        return value
    }
}
