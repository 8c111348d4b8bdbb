// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

@testable import CofferServer
@testable import CofferSharing

/// The hostile storage side over HTTP: the real `coffer serve` record routes, serving each `World`'s directory (so
/// every swap, replay, truncation or deletion the test makes there is what the server answers), behind a tamper
/// hook per record space for what a directory cannot do: wrong or missing `ETag`s, other statuses, redirects,
/// hangs, writes acknowledged and dropped. One server for the process, on its own executor, so test code that
/// blocks a thread of the cooperative pool on a request cannot starve the handler that answers it.
final class HostileHTTPServer: @unchecked Sendable {
    static let shared = HostileHTTPServer()

    private let lock = NSLock()
    private var spaces: [String: (store: VaultDirectoryStore, tamper: Tamper)] = [:]
    private var started: URL?

    /// Serves `store` as a fresh record space; its name, for `HTTPRecordStore(server:vault:)`.
    func serve(_ store: VaultDirectoryStore, tamper: Tamper) -> String {
        let name = "w-" + UUID().uuidString.lowercased()
        lock.withLock { spaces[name] = (store, tamper) }
        return name
    }

    func forget(_ name: String) { _ = lock.withLock { spaces.removeValue(forKey: name) } }

    func space(_ name: String) -> (store: VaultDirectoryStore, tamper: Tamper)? { lock.withLock { spaces[name] } }

    /// The server's base URL, starting it on first use (blocks the calling thread until it listens).
    func url() -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let started { return started }
        let ready = DispatchSemaphore(value: 0)
        let port = LockedBox<Int?>(nil)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-hostile-\(UUID().uuidString)")
        // The suite makes thousands of requests a minute from one address: above the default rate limit.
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: data,
            limits: ServerLimits(requestsPerMinute: 1_000_000, failuresPerMinute: 1_000_000))
        let storage = ServerStorage(store: DirectorySpaces(server: self), files: NoLinkFiles(), close: {})
        // Signatures name http://127.0.0.1:PORT, known once the server listens.
        let origins = ServerOrigins([])
        Task.detached(executorPreference: DedicatedExecutor()) {
            do {
                let router = try CofferServer.router(configuration, storage: storage, origins: origins)
                let app = Application(
                    responder: TamperingResponder(inner: router.buildResponder(), server: self),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                    onServerRunning: { channel in
                        port.value = channel.localAddress?.port
                        origins.bound(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)
                        ready.signal()
                    })
                try await app.runService()
            } catch {
                ready.signal()
            }
        }
        ready.wait()
        guard let bound = port.value, let url = URL(string: "http://127.0.0.1:\(bound)/") else {
            preconditionFailure("the hostile test server did not start")
        }
        started = url
        return url
    }
}

/// What the tamper hook is asked about: one request to a record space.
struct HostileRequest: Sendable {
    let method: HTTPRequest.Method
    /// The record id, or nil for the listing.
    let record: String?
}

/// What the hostile server does instead of answering honestly.
enum Tampering: Sendable {
    /// The honest answer with its `ETag` replaced, or removed (nil).
    case eTag(String?)
    /// This answer, and storage untouched.
    case answer(HTTPResponse.Status, HTTPFields, [UInt8])
    /// The honest answer, after this long (a hang, when longer than the client waits).
    case delay(Duration)
    /// A write answered as if it were stored (`201`/`204` with the `ETag` it would have), and dropped.
    case acknowledgeAndDrop
}

/// A record space's tamper rule, set and cleared by the test while the server runs.
final class Tamper: @unchecked Sendable {
    private let lock = NSLock()
    private var rule: (@Sendable (HostileRequest) -> Tampering?)?
    /// Requests seen, in order.
    private(set) var seen: [HostileRequest] = []

    func set(_ rule: (@Sendable (HostileRequest) -> Tampering?)?) { lock.withLock { self.rule = rule } }

    func decide(_ request: HostileRequest) -> Tampering? {
        lock.withLock {
            seen.append(request)
            return rule?(request)
        }
    }

    var requests: [HostileRequest] { lock.withLock { seen } }
}

/// Runs the router, then applies the space's tamper rule to its answer.
struct TamperingResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == ServerContext {
    let inner: Inner
    let server: HostileHTTPServer

    func respond(to request: Request, context: ServerContext) async throws -> Response {
        let parts = request.uri.path.split(separator: "/").map(String.init)
        guard parts.count >= 4, parts[0] == "v1", parts[1] == "vaults", let space = server.space(parts[2]) else {
            return try await inner.respond(to: request, context: context)
        }
        let asked = HostileRequest(method: request.method, record: parts.count > 4 ? parts[4] : nil)
        switch space.tamper.decide(asked) {
        case nil:
            return try await inner.respond(to: request, context: context)
        case .eTag(let tag):
            var response = try await inner.respond(to: request, context: context)
            response.headers[.eTag] = tag
            return response
        case .answer(let status, let headers, let body):
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        case .delay(let duration):
            try await Task.sleep(for: duration)
            return try await inner.respond(to: request, context: context)
        case .acknowledgeAndDrop:
            var request = request
            let bytes = try await request.collectBody(upTo: 1 << 30)
            let tag = EntityTag.quoted(StoredServerRecord(received: bytes).version)
            let created = request.headers[.ifNoneMatch] != nil
            return Response(status: created ? .created : .noContent, headers: [.eTag: tag])
        }
    }
}

/// `ServerStore` over the registered directories: the server keeps its conditions through the directory store's
/// own compare-and-swap, whose versions are the same `hex(SHA-256(bytes))`.
struct DirectorySpaces: ServerStore {
    let server: HostileHTTPServer

    func store(_ vault: String) throws -> VaultDirectoryStore {
        guard let space = server.space(vault) else { throw HTTPError(.notFound) }
        return space.store
    }

    func readRecord(vault: String, id: String) async throws -> StoredServerRecord? {
        do {
            let record = try store(vault).read(try RecordID(id), maxSize: 1 << 30)
            return StoredServerRecord(bytes: ByteBuffer(bytes: record.bytes), version: record.version.token)
        } catch let error as VaultStoreError where error.code == .notFound {
            return nil
        }
    }

    func createRecord(vault: String, id: String, _ record: StoredServerRecord) async throws -> Bool {
        do {
            try store(vault).create(try RecordID(id), Array(buffer: record.bytes))
            return true
        } catch let error as VaultStoreError where error.code == .alreadyExists {
            return false
        }
    }

    func replaceRecord(vault: String, id: String, _ record: StoredServerRecord, ifVersion version: String)
        async throws -> Bool
    {
        do {
            try store(vault).replace(try RecordID(id), Array(buffer: record.bytes), ifVersion: RecordVersion(version))
            return true
        } catch let error as VaultStoreError where error.code == .versionMismatch {
            return false
        }
    }

    func putRecord(vault: String, id: String, _ record: StoredServerRecord) async throws {
        try store(vault).put(try RecordID(id), Array(buffer: record.bytes))
    }

    func deleteRecord(vault: String, id: String) async throws { try store(vault).remove(try RecordID(id)) }

    func recordIDs(vault: String) async throws -> [String] { try store(vault).recordIDs().map(\.rawValue) }

    func link(_ lookupID: String) async throws -> LinkMetadata? { nil }
    func countOpen(_ lookupID: String, at now: Int64) async throws -> Bool { false }
    func deleteLink(_ lookupID: String) async throws -> Bool { false }

    // Authorisation is not what this server tests: every signed request may write (its signature is still
    // checked), nonces are not remembered, nothing is charged.
    func useNonce(_ nonce: String, time: Int64, forgetBefore: Int64) async throws -> Bool { true }
    func prefixAccess(vault: String, prefix: String, account: String) async throws -> PrefixAccess { .allowed }
    func bindPrefix(vault: String, prefix: String, creator: String, root: Bool) async throws {}
    func setMember(vault: String, owner: String, member: String, folder: String, side: MemberSide) async throws {}
    func removeMember(vault: String, owner: String, member: String, folder: String) async throws {}
    func usage(account: String) async throws -> Int64 { 0 }
}

/// No link files: the hostile server serves vault records only.
struct NoLinkFiles: LinkFileStore {
    func beginUpload(_ lookupID: String) async throws -> any LinkFileUpload { throw HTTPError(.notFound) }

    func source(_ lookupID: String) async throws -> LinkSource? { nil }

    func removeFile(_ lookupID: String) async {}
}

/// A task executor of its own threads (a concurrent dispatch queue), off the cooperative pool.
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "coffer.hostile-server", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A value shared between threads.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
