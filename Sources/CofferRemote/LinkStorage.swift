// SPDX-License-Identifier: MIT
import CofferSharing
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A link storage server (Spec/server.md §5.2): `{server}/v1/links/{lookupID}` holds one uploaded age file per
/// link. Upload is create-only and safe to retry (the same bytes and terms again are `200`); download is ranged
/// and resumes (`RemoteLinkSource`); revocation presents the token declared at upload. URLSession only.
///
/// `headers` are added to every request. With a `signer`, uploads are signed by that account (Spec/server.md
/// §6.2): it owns the link and is charged for it; a server without `--anonymous-links` accepts only such uploads.
public struct LinkStorage: Sendable {
    public let server: URL
    public var headers: [String: String] = [:]
    public var signer: RequestSigner?
    /// Tries per request before `unreachable` (a dropped connection, a timeout).
    public var attempts = 5

    public init(server: URL) throws(LinkRemoteError) {
        guard let scheme = server.scheme?.lowercased(), scheme == "http" || scheme == "https", server.host != nil,
            server.query == nil, server.fragment == nil, server.user == nil, server.password == nil
        else { throw .badServerURL(server.absoluteString) }
        self.server = server
    }

    public init(serverText: String) throws(LinkRemoteError) {
        guard let url = URL(string: serverText) else { throw .badServerURL(serverText) }
        try self.init(server: url)
    }

    func url(_ lookupID: LinkLookupID) -> URL {
        server.appendingPathComponent("v1/links").appendingPathComponent(lookupID.urlText)
    }

    func request(_ method: String, _ lookupID: LinkLookupID) -> URLRequest {
        var request = URLRequest(url: url(lookupID))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return request
    }

    /// Sends `request` up to `attempts` times while no answer comes back; the last failure is `unreachable`.
    /// `retried` is true when an earlier attempt got no answer (it may have reached the server).
    func exchange(_ request: URLRequest, limit: Int) throws(LinkRemoteError)
        -> (reply: HTTPExchange.Reply, retried: Bool)
    {
        var reason = ""
        for attempt in 0..<max(attempts, 1) {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.2 * Double(attempt)) }
            let outcome = Result { () throws(HTTPExchange.Failure) in try HTTPExchange.send(request, limit: limit) }
            switch outcome {
            case .success(let reply): return (reply, attempt > 0)
            case .failure(.unreachable(let why)): reason = why
            case .failure(.tooLarge): throw .unexpectedAnswer(operation: request.httpMethod ?? "GET", status: 0)
            }
        }
        throw .unreachable(server: server.absoluteString, reason: reason, attempts: max(attempts, 1))
    }

    /// `PUT` of the age file at `path` under `lookupID`, streamed from disk, with the link's terms (`expires`:
    /// Unix seconds, 0 for never) and the revocation hash. `201` or, for a retry after a lost answer, `200`.
    /// Returns the server's `ETag`.
    @discardableResult
    public func upload(
        file path: String, lookupID: LinkLookupID, expires: UInt64, revocation: LinkRevocationToken
    ) throws(LinkRemoteError) -> String {
        var request = request("PUT", lookupID)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.uint64Value, FileManager.default.isReadableFile(atPath: path)
        else { throw .unreadableFile(path: path, errno: errno) }
        request.setValue(String(size), forHTTPHeaderField: "Content-Length")
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        if expires != 0 { request.setValue(String(expires), forHTTPHeaderField: "Coffer-Link-Expires") }
        request.setValue(revocation.hashHex, forHTTPHeaderField: "Coffer-Link-Revocation-Hash")
        let digest = signer == nil ? nil : try FileUpload.digest(of: path)
        var reason = ""
        for attempt in 0..<max(attempts, 1) {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.2 * Double(attempt)) }
            // A fresh time and nonce for every try: the server refuses a nonce it has seen.
            if let signer, let digest {
                for (name, value) in signer.headers(for: request, bodyDigest: digest) {
                    request.setValue(value, forHTTPHeaderField: name)
                }
            }
            let reply: FileUpload.Reply
            do {
                reply = try FileUpload.send(request, file: URL(fileURLWithPath: path))
            } catch {
                reason = error.reason
                continue
            }
            switch reply.status {
            case 200, 201: return reply.etag ?? ""
            case 404: throw .notFound(lookupID: lookupID.urlText)
            case 412: throw .taken(lookupID: lookupID.urlText)
            case 401: throw .signatureRequired(signed: signer != nil)
            case 413: throw .tooLarge(size: size)
            case 507: throw .overQuota(size: size)
            default: throw .unexpectedAnswer(operation: "upload", status: reply.status)
            }
        }
        throw .unreachable(server: server.absoluteString, reason: reason, attempts: max(attempts, 1))
    }

    /// `DELETE` with the revocation token: `204`. A `404` after an attempt that got no answer is taken as done (the
    /// first attempt may have deleted it); a `404` to the first attempt is `notFound`.
    public func revoke(_ lookupID: LinkLookupID, token: LinkRevocationToken) throws(LinkRemoteError) {
        var request = request("DELETE", lookupID)
        request.setValue(token.headerValue, forHTTPHeaderField: "Coffer-Link-Revocation")
        let (reply, retried) = try exchange(request, limit: 4096)
        switch reply.status {
        case 200, 204: return
        case 403: throw .refused(lookupID: lookupID.urlText)
        case 404:
            if retried { return }
            throw .notFound(lookupID: lookupID.urlText)
        default: throw .unexpectedAnswer(operation: "revoke", status: reply.status)
        }
    }

    /// The uploaded file as a byte stream, fetched in ranges (see `RemoteLinkSource`); the first range is the
    /// open (what a download limit counts).
    public func download(_ lookupID: LinkLookupID) throws(LinkRemoteError) -> RemoteLinkSource {
        try RemoteLinkSource(storage: self, lookupID: lookupID)
    }
}
