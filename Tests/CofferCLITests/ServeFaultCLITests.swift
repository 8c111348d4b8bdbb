// SPDX-License-Identifier: MIT
import CofferPrimitives
import CofferRemote
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `coffer serve` under faults (Spec/server.md §4.3, §7), each on SQLite and on PostgreSQL: `kill -9` in the
/// middle of a link upload and of vault commits, then a restart on the same storage — everything answered as
/// stored is there, nothing half-uploaded is visible, the vault verifies.
@Suite(.serialized) struct ServeFaultCLITests {
    func storage(_ backend: String, data: URL) throws -> ServeProcess.Storage {
        backend == "postgres" ? .postgres(try TestPostgres.requireURL()) : .sqlite(data)
    }

    @Test(arguments: TestPostgres.backends)
    func killDashNineMidUploadAndMidCommitLosesNothingCommitted(backend: String) throws {
        let data = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        var server = try ServeProcess(try storage(backend, data: data))
        defer { server.stop() }
        // Lookup ids and record spaces unique to this run: the PostgreSQL database is shared with other tests.
        let suffix = UUID().uuidString.lowercased()
        let committed = Self.randomLookupID()
        let half = Self.randomLookupID()
        let file = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        // Link uploads are signed (any account, Spec/server.md §6.2).
        let signer = RequestSigner(key: Ed25519.SigningKey())
        let uploaded = exchange(server.url + "v1/links/\(committed)", method: "PUT", body: file, signer: signer)
        #expect(uploaded.status == 201)

        // A vault with a few committed puts, then puts running while the server is killed.
        let s = try VaultCLITests.twoPeople(store: ["--store", server.url], vault: ["--vault", "v-\(suffix)"])
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/f"]).status == 0)
        for index in 0..<12 {
            try Data(repeating: UInt8(index), count: 20_000 + index)
                .write(to: s.dir.appendingPathComponent("in-\(index)"))
        }
        nonisolated(unsafe) var exits: [Int: Int32] = [:]
        let lock = NSLock()
        let writer = Thread {
            for index in 0..<12 {
                let status = (try? s.run(["vault", "put", "in-\(index)", "/f/\(index).bin"]).status) ?? -1
                lock.withLock { exits[index] = status }
            }
        }
        writer.start()
        // A link upload that stops half way: 1 MiB of a declared 8 MiB, the connection held open.
        let socket = try Self.partialUpload(
            port: server.port, lookupID: half, declared: 8 << 20, sent: 1 << 20, signer: signer)
        defer { close(socket) }
        // Kill once a few puts went through, while the writer is mid-way.
        let deadline = Date().addingTimeInterval(120)
        while lock.withLock({ exits.count }) < 3, Date() < deadline { usleep(20_000) }
        usleep(150_000)
        server.kill9()
        while !writer.isFinished { usleep(20_000) }

        server = try ServeProcess(try storage(backend, data: data))
        let moved = VaultCLITests.Setup(s, store: server.url)
        let whole = exchange(server.url + "v1/links/\(committed)")
        #expect(whole.status == 200 && whole.body == file)
        #expect(exchange(server.url + "v1/links/\(half)").status == 404)
        #expect(exchange(server.url + "v1/links/\(half)", method: "HEAD").status == 404)
        if backend == "sqlite" {
            let names = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("blobs").path)
            #expect(!names.contains("link-\(half)"), "\(names)")
        }
        let listing = moved.out(try moved.run(["vault", "ls", "/f"]))
        let succeeded = lock.withLock { exits.filter { $0.value == 0 }.map(\.key) }
        #expect(succeeded.count >= 3, "\(exits)")
        for index in succeeded {
            #expect(listing.contains("\t\(index).bin"), "put \(index) exited 0 but is not listed: \(listing)")
            let got = try moved.run(["vault", "get", "/f/\(index).bin"])
            #expect(got.stdout == Data(repeating: UInt8(index), count: 20_000 + index), "\(got.stderr)")
        }
        let verified = try moved.run(["vault", "verify", "/"])
        #expect(verified.status == 0, "\(verified.stderr)")
        print("ServeFaultCLITests[\(backend)]: \(succeeded.count) of 12 puts exited 0 around a kill -9, all listed")
    }

    /// 16 random bytes as a lookup id (22 base64url characters, the last one's low bits zero).
    static func randomLookupID() -> String {
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Opens a connection, sends a link upload's head announcing `declared` bytes and `sent` of them, and returns
    /// the open socket. The head is signed over the whole declared body (`0x42` bytes), so the server accepts the
    /// upload's start and stores what arrives, as it would for a real client cut off mid-way.
    static func partialUpload(port: Int, lookupID: String, declared: Int, sent: Int, signer: RequestSigner) throws
        -> Int32
    {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard descriptor >= 0, connected == 0 else { throw ServeCLITests.ServeFailure(output: "cannot connect") }
        var whole = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/links/\(lookupID)")!)
        whole.httpMethod = "PUT"
        whole.httpBody = Data(repeating: 0x42, count: declared)
        let signature = signer.headers(for: whole).map { "\($0.key): \($0.value)\r\n" }.joined()
        let head =
            "PUT /v1/links/\(lookupID) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(declared)\r\n"
            + signature + "\r\n"
        var bytes = Array(head.utf8) + [UInt8](repeating: 0x42, count: sent)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                send(descriptor, $0.baseAddress! + offset, $0.count - offset, 0)
            }
            guard written > 0 else { break }
            offset += written
        }
        // Give the server a moment to store what it received (chunks, or the temporary file).
        usleep(300_000)
        return descriptor
    }
}
