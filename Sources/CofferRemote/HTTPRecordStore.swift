// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A vault's records on a `coffer serve` server (Spec/server.md §5.1): each `VaultRecordStore` operation is one
/// request under `{server}/v1/vaults/{vault}/records/`. The version is the `ETag` exactly as the server sent it,
/// handed back in `If-Match`. Whatever the server answers is checked by the vault as from any store; a status
/// this client does not expect is a `failure`, never success.
///
/// It also implements `RecordStore` (a plain `PUT`, for account records, Spec/vault.md §10.1).
///
/// With a `signer` every request is signed (Spec/server.md §6.1); without one, only what the server serves to
/// anyone works: reading and listing account records, and storing an account's records the first time.
public struct HTTPRecordStore: VaultRecordStore, RecordStore {
    public let server: URL
    public let vault: String
    public private(set) var signer: RequestSigner?
    /// How long a silent or slow server is waited for.
    public var timeouts = HTTPTimeouts()

    /// The largest record list, or account record, this client reads (64 MiB).
    static let listLimit = 64 << 20

    /// `server` is the base URL (`http://host:port/`); `vault` names the record space on it (record-id alphabet).
    public init(server: URL, vault: String) throws(KeysError) {
        guard let scheme = server.scheme?.lowercased(), scheme == "http" || scheme == "https", server.host != nil,
            server.query == nil, server.fragment == nil, server.user == nil, server.password == nil
        else { throw .storageFailure("not a storage server URL: \(server.absoluteString)") }
        _ = try RecordID(vault)
        self.server = server
        self.vault = vault
    }

    /// The same store, its requests signed with `key` (the account's Ed25519 identity key).
    package func signed(by key: Ed25519.SigningKey) -> HTTPRecordStore {
        var copy = self
        copy.signer = RequestSigner(key: key)
        return copy
    }

    /// The same store with a given signer (tests: a fixed clock or nonce).
    public func signed(with signer: RequestSigner) -> HTTPRecordStore {
        var copy = self
        copy.signer = signer
        return copy
    }

    func url(_ id: RecordID?) -> URL {
        var url = server.appendingPathComponent("v1/vaults/\(vault)/records")
        if let id { url.appendPathComponent(id.rawValue) }
        return url
    }

    func send(
        _ method: String, _ id: RecordID?, headers: [String: String] = [:], body: [UInt8]? = nil, limit: Int
    ) throws(VaultStoreError) -> HTTPExchange.Reply {
        try send(method, url: url(id), id: id, headers: headers, body: body, limit: limit)
    }

    func send(
        _ method: String, url: URL, id: RecordID?, headers: [String: String] = [:], body: [UInt8]? = nil, limit: Int
    ) throws(VaultStoreError) -> HTTPExchange.Reply {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        request.timeoutInterval = timeouts.idle
        signer?.sign(&request)
        let deadline = timeouts.deadline(bytes: max(limit, body?.count ?? 0))
        let outcome = Result { () throws(HTTPExchange.Failure) in
            try HTTPExchange.send(request, limit: limit, deadline: deadline)
        }
        switch outcome {
        case .success(let reply): return reply
        case .failure(.tooLarge(let size)):
            if let id { throw .tooLarge(id, size: size, limit: limit) }
            throw .failure("the server's record list is larger than \(limit) bytes")
        case .failure(.unreachable(let reason)):
            throw .failure("storage server \(server.absoluteString) unreachable: \(reason)")
        }
    }

    static func unexpected(_ reply: HTTPExchange.Reply, _ what: String) -> VaultStoreError {
        switch reply.status {
        case 401: .failure("storage server refused the request's signature (401) when \(what)")
        case 403: .failure("storage server: this account may not write there (403) when \(what)")
        case 429: .failure("storage server: too many requests from this address (429) when \(what)")
        case 507: .failure("storage server: this account's quota is used up (507) when \(what)")
        default: .failure("storage server answered \(reply.status) to \(what)")
        }
    }

    package func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord {
        let reply = try send("GET", id, limit: maxSize)
        switch reply.status {
        case 200:
            guard let etag = reply.header("ETag"), !etag.isEmpty else {
                throw .failure("storage server sent record \(id) without an ETag")
            }
            return StoredRecord(bytes: reply.body, version: RecordVersion(etag))
        case 404: throw .notFound(id)
        default: throw Self.unexpected(reply, "reading \(id)")
        }
    }

    package func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError) {
        let reply = try send("PUT", id, headers: ["If-None-Match": "*"], body: bytes, limit: 4096)
        switch reply.status {
        case 200, 201, 204: return
        case 412: throw .alreadyExists(id)
        default: throw Self.unexpected(reply, "creating \(id)")
        }
    }

    package func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError) {
        let reply = try send("PUT", id, headers: ["If-Match": version.token], body: bytes, limit: 4096)
        switch reply.status {
        case 200, 201, 204: return
        case 412: throw .versionMismatch(id)
        default: throw Self.unexpected(reply, "replacing \(id)")
        }
    }

    package func remove(_ id: RecordID) throws(VaultStoreError) {
        let reply = try send("DELETE", id, limit: 4096)
        guard [200, 204, 404].contains(reply.status) else { throw Self.unexpected(reply, "deleting \(id)") }
    }

    package func recordIDs() throws(VaultStoreError) -> [RecordID] {
        let reply = try send("GET", nil, limit: Self.listLimit)
        guard reply.status == 200 else { throw Self.unexpected(reply, "listing the vault") }
        guard let names = try? JSONDecoder().decode([String].self, from: Data(reply.body)) else {
            throw .failure("storage server sent a record list that is not a JSON array of strings")
        }
        var ids: [RecordID] = []
        for name in names {
            guard let id = try? RecordID(name) else {
                throw .failure("storage server listed an invalid record id")
            }
            ids.append(id)
        }
        return ids.sorted()
    }

    // MARK: RecordStore (account records)

    package func get(_ id: RecordID) throws(KeysError) -> [UInt8] {
        do {
            return try readBytes(id, maxSize: Self.listLimit)
        } catch let error where error.code == .notFound {
            throw .notFound("record \(id)")
        } catch {
            throw .storageFailure(error.description)
        }
    }

    package func put(_ id: RecordID, _ bytes: [UInt8]) throws(KeysError) {
        let reply: HTTPExchange.Reply
        do {
            reply = try send("PUT", id, body: bytes, limit: 4096)
        } catch {
            throw .storageFailure(error.description)
        }
        guard (200...204).contains(reply.status) else {
            throw .storageFailure(Self.unexpected(reply, "writing \(id)").description)
        }
    }

    package func list() throws(KeysError) -> [RecordID] {
        do {
            return try recordIDs()
        } catch {
            throw .storageFailure(error.description)
        }
    }
}
