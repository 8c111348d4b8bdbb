// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The streamed operations of `HTTPRecordStore` (Spec/server.md §4.4, §5.1): a large body is never held in memory.
extension HTTPRecordStore {
    package func openReader(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> ByteSource {
        try HTTPRecordReader(store: self, id: id, maxSize: maxSize)
    }

    /// What `write` writes is kept in memory up to `spoolThreshold` (then one plain create, as `create(_:_:)`);
    /// beyond, it goes to a temporary file (ciphertext only, mode 0600, removed after), whose SHA-256 the
    /// request's signature covers; then one create-only `PUT` streams it from disk (the server streams it on to
    /// storage). A dropped connection is retried with a fresh signature; a `412` to a retry is success when the
    /// record there has this body's version (the lost answer was ours: a streamed record's name is fresh).
    package func create(_ id: RecordID, writingWith write: (ByteSink) throws -> Void) throws(VaultStoreError) {
        let sink = SpillingSink(threshold: Self.spoolThreshold)
        do {
            try write(sink)
        } catch let error as VaultStoreError {
            sink.spool?.remove()
            throw error
        } catch {
            sink.spool?.remove()
            throw .failure("cannot write record \(id): \(error)")
        }
        guard let spool = sink.spool else { return try create(id, sink.bytes) }
        defer { spool.remove() }
        let digest: [UInt8]
        do {
            digest = try FileUpload.digest(of: spool.path)
        } catch {
            throw .failure("cannot read back record \(id) before sending it")
        }
        let version = "\"" + digest.map { String(format: "%02x", $0) }.joined() + "\""
        var request = URLRequest(url: url(id))
        request.httpMethod = "PUT"
        request.setValue("*", forHTTPHeaderField: "If-None-Match")
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        request.setValue(String(spool.size()), forHTTPHeaderField: "Content-Length")
        request.timeoutInterval = timeouts.idle
        var reason = ""
        for attempt in 0..<HTTPRecordReader.attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.5 * Double(attempt)) }
            // A fresh time and nonce for every try: the server refuses a nonce it has seen.
            if let signer {
                for (name, value) in signer.headers(for: request, bodyDigest: digest) {
                    request.setValue(value, forHTTPHeaderField: name)
                }
            }
            let reply: FileUpload.Reply
            do {
                reply = try FileUpload.send(request, file: URL(fileURLWithPath: spool.path))
            } catch {
                reason = error.reason
                continue
            }
            switch reply.status {
            case 200, 201, 204: return
            case 412:
                if attempt > 0, (try? head(id)) == version { return }
                throw .alreadyExists(id)
            case 413: throw .failure("storage server refused record \(id) of \(spool.size()) bytes as too large (413)")
            default:
                let answer = HTTPExchange.Reply(status: reply.status, headers: [:], body: [])
                throw Self.unexpected(answer, "creating \(id)")
            }
        }
        throw .failure("storage server \(server.absoluteString) unreachable: \(reason)")
    }

    /// The largest body sent from memory (the server receives bodies up to its record-file threshold whole too).
    static let spoolThreshold = 4 << 20

    /// The `ETag` of a `HEAD` of the record, if it exists.
    func head(_ id: RecordID) throws(VaultStoreError) -> String? {
        let reply = try send("HEAD", id, limit: 0)
        return reply.status == 200 ? reply.header("ETag") : nil
    }
}

/// Bytes in memory up to a threshold, then all of them in a temporary file (written in order).
private final class SpillingSink: ByteSink {
    let threshold: Int
    private(set) var bytes: [UInt8] = []
    private(set) var spool: Spool?

    init(threshold: Int) { self.threshold = threshold }

    func write(_ piece: UnsafeRawBufferPointer) throws {
        if spool == nil, bytes.count + piece.count <= threshold {
            bytes.append(contentsOf: piece)
            return
        }
        if spool == nil {
            let file = try Spool()
            spool = file
            try bytes.withUnsafeBytes { try file.append($0) }
            bytes = []
        }
        try spool?.append(piece)
    }
}

/// A temporary file of the client's temporary directory, created exclusively, mode 0600.
private final class Spool {
    let path: String
    let handle: FileHandle

    init() throws(VaultStoreError) {
        let directory = FileManager.default.temporaryDirectory.path
        path = directory + "/coffer-upload-" + UUID().uuidString
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .failure("cannot create a temporary file in \(directory)") }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func append(_ piece: UnsafeRawBufferPointer) throws(VaultStoreError) {
        var offset = 0
        while offset < piece.count, let base = piece.baseAddress {
            let written = Foundation.write(handle.fileDescriptor, base + offset, piece.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .failure("cannot write a temporary file: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    func size() -> UInt64 {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
    }

    func remove() { unlink(path) }
}
