// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `coffer link create --server`, `link open` without a local file and `link revoke --server` against a real
/// `coffer serve` process (Spec/links.md §9): the upload, the ranged download that resumes after a dropped
/// connection (through a proxy that cuts it), a tampered body refused with no output, and revocation.
@Suite(.serialized) struct LinkServerCLITests {
    typealias Server = ServeCLITests.Server

    /// A server, and a scratch directory with `key.txt`, `plain` and `f.age` (see `LinkCLITests.setUp`).
    static func setUp(size: Int) throws -> (server: Server, data: URL, dir: URL, plaintext: Data) {
        let data = try CLIHarness.scratch()
        // `link create --server` with an age identity signs nothing: the server must accept anonymous uploads.
        let server = try Server(data: data, options: ["--anonymous-links"])
        let (dir, plaintext) = try LinkCLITests.setUp(size: size)
        return (server, data, dir, plaintext)
    }

    static func tearDown(_ s: (server: Server, data: URL, dir: URL, plaintext: Data)) {
        _ = s.server.stop()
        try? FileManager.default.removeItem(at: s.data)
        try? FileManager.default.removeItem(at: s.dir)
    }

    static func lookupID(_ link: String) -> String {
        String(link.split(separator: "#")[0].split(separator: "/").last ?? "")
    }

    @Test("link create --server → link open downloads", arguments: [0, 1, 65536, 9_000_000])
    func uploadThenDownload(size: Int) throws {
        let s = try Self.setUp(size: size)
        defer { Self.tearDown(s) }
        let link = try LinkCLITests.create(s.dir, ["--server", s.server.url])
        #expect(link.hasPrefix(s.server.url + "l/"), "the link's base is the server: \(link)")
        let blob = s.data.appendingPathComponent("blobs/link-\(Self.lookupID(link))")
        #expect(try Data(contentsOf: blob) == Data(contentsOf: s.dir.appendingPathComponent("f.age")))
        // No local file: the link names its server.
        let opened = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "-o", "out"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("out")) == s.plaintext)
        let toStdout = try LinkCLITests.open(s.dir, [link])
        #expect(toStdout.status == 0 && toStdout.stdout == s.plaintext, "\(toStdout.stderr)")
    }

    @Test func aPasswordLinkDownloadsWithItsPasswordOnly() throws {
        let s = try Self.setUp(size: 100_000)
        defer { Self.tearDown(s) }
        _ = try LinkCLITests.create(s.dir, ["--server", s.server.url, "--password-file", "pw.txt"])
        let wrong = try LinkCLITests.open(
            s.dir, ["--link-file", "link.txt", "--password-file", "wrong.txt", "-o", "out"])
        #expect(wrong.status == 1 && wrong.stderr.contains("password"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("out").path))
        let right = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "--password-file", "pw.txt", "-o", "out"])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("out")) == s.plaintext)
    }

    /// Without `--anonymous-links` the server takes signed uploads only: `link create --server` with an age
    /// identity alone is refused with what to do (no link printed, FILE.age unchanged, nothing stored); with
    /// `--account` the upload is signed by that account, stored, and the link opens. `--account` without
    /// `--server` is a usage error.
    @Test func aServerWithoutAnonymousLinksTakesSignedUploadsOnly() throws {
        let data = try CLIHarness.scratch()
        let server = try Server(data: data)
        let (dir, plaintext) = try LinkCLITests.setUp(size: 100_000)
        defer {
            _ = server.stop()
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: dir)
        }
        func coffer(_ arguments: [String]) throws -> CLIHarness.Result {
            try CLIHarness.run(CLIHarness.coffer, arguments, in: dir)
        }
        try Data("a passphrase\n".utf8).write(to: dir.appendingPathComponent("a.pw"))
        let account = ["--store", server.url, "--device", "dev"]
        let created = try coffer(["account", "create", "--passphrase-file", "a.pw"] + account)
        #expect(created.status == 0, "\(created.stderr)")
        let shown = String(decoding: try coffer(["account", "show"] + account).stdout, as: UTF8.self)
        let id = try #require(shown.split(separator: "\n").first { $0.hasPrefix("account ") }?.dropFirst(8))
        let original = try Data(contentsOf: dir.appendingPathComponent("f.age"))
        let blobs = data.appendingPathComponent("blobs")

        let unsigned = try coffer(["link", "create", "-i", "key.txt", "--server", server.url, "f.age"])
        #expect(unsigned.status == 1 && unsigned.stdout.isEmpty, "\(unsigned.stderr)")
        #expect(unsigned.stderr.contains("signed by an account") && unsigned.stderr.contains("--account"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("f.age")) == original)
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: blobs.path)) ?? []
        #expect(stored.filter { $0.hasPrefix("link-") }.isEmpty, "\(stored)")

        let noServer = try coffer(["link", "create", "-i", "key.txt", "--account", String(id), "f.age"])
        #expect(noServer.status == 64, "\(noServer.stderr)")

        let link = try LinkCLITests.create(
            dir, ["--server", server.url, "--account", String(id), "--passphrase-file", "a.pw"] + account)
        let blob = blobs.appendingPathComponent("link-\(Self.lookupID(link))")
        #expect(try Data(contentsOf: blob) == Data(contentsOf: dir.appendingPathComponent("f.age")))
        let opened = try LinkCLITests.open(dir, [link])
        #expect(opened.status == 0 && opened.stdout == plaintext, "\(opened.stderr)")
    }

    /// The proxy cuts the first two connections 5 000 017 bytes into the server's answers (mid-range, mid-chunk):
    /// each window that did not arrive whole is asked again on a new connection, and the output is exact.
    @Test func aDroppedConnectionIsResumed() throws {
        let s = try Self.setUp(size: 12_000_000)
        defer { Self.tearDown(s) }
        _ = try LinkCLITests.create(s.dir, ["--server", s.server.url])
        let proxy = try CuttingProxy(target: s.server.port, cutAfter: 5_000_017, cutConnections: 2)
        defer { proxy.stop() }
        let opened = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "--server", proxy.url, "-o", "out"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(proxy.cuts == 2)
        #expect(try Data(contentsOf: s.dir.appendingPathComponent("out")) == s.plaintext)
    }

    /// Every connection cut early: after its tries the download stops with a clear error and no output file.
    @Test func aServerThatKeepsDroppingIsAnErrorAndNothingIsWritten() throws {
        let s = try Self.setUp(size: 200_000)
        defer { Self.tearDown(s) }
        _ = try LinkCLITests.create(s.dir, ["--server", s.server.url])
        let proxy = try CuttingProxy(target: s.server.port, cutAfter: 1000, cutConnections: .max)
        defer { proxy.stop() }
        let opened = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "--server", proxy.url, "-o", "out"])
        #expect(opened.status == 1)
        #expect(opened.stderr.contains("unreachable after 5 tries"), "\(opened.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("out").path))
    }

    /// The server sends other bytes (one payload byte flipped in its stored file, after the first window): the
    /// chunk does not authenticate, the command fails and `-o` leaves nothing.
    @Test func aTamperedBodyIsRefusedAndNothingIsWritten() throws {
        let s = try Self.setUp(size: 6_000_000)
        defer { Self.tearDown(s) }
        let link = try LinkCLITests.create(s.dir, ["--server", s.server.url])
        let blob = s.data.appendingPathComponent("blobs/link-\(Self.lookupID(link))")
        var bytes = try Data(contentsOf: blob)
        bytes[bytes.count - 1000] ^= 0x01
        try bytes.write(to: blob)
        let opened = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "-o", "out"])
        #expect(opened.status == 1)
        #expect(opened.stderr.contains("chunk"), "\(opened.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("out").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dir.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func revokeWithdrawsTheUploadedCopy() throws {
        let s = try Self.setUp(size: 1000)
        defer { Self.tearDown(s) }
        let link = try LinkCLITests.create(s.dir, ["--server", s.server.url])
        let id = Self.lookupID(link)
        // Revoked through a copy of the file (same file key), so f.age keeps its stanza.
        try FileManager.default.copyItem(
            at: s.dir.appendingPathComponent("f.age"), to: s.dir.appendingPathComponent("copy.age"))
        let revoked = try CLIHarness.run(
            CLIHarness.coffer, ["link", "revoke", "-i", "key.txt", "--server", s.server.url, "--", id, "copy.age"],
            in: s.dir)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let again = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "-o", "out"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("the server has no link \(id)"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("out").path))
        #expect(!FileManager.default.fileExists(atPath: s.data.appendingPathComponent("blobs/link-\(id)").path))
        // The local file still opens with the link until its stanza is removed too.
        let local = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "-o", "out", "f.age"])
        #expect(local.status == 0, "\(local.stderr)")
    }

    @Test func revokeWithAnotherFilesKeyIsRefusedByTheServer() throws {
        let s = try Self.setUp(size: 1000)
        defer { Self.tearDown(s) }
        let link = try LinkCLITests.create(s.dir, ["--server", s.server.url])
        let id = Self.lookupID(link)
        // A second file to the same key, with a link of its own: its file key is another one.
        let key = try String(contentsOf: s.dir.appendingPathComponent("key.txt"), encoding: .utf8)
        let recipient = key.split(separator: "\n").first { $0.hasPrefix("# public key: ") }?.dropFirst(14) ?? ""
        let encrypt = try CLIHarness.run(
            CLIHarness.coffer, ["encrypt", "-r", String(recipient), "-o", "g.age", "plain"], in: s.dir)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        let refused = try CLIHarness.run(
            CLIHarness.coffer, ["link", "revoke", "-i", "key.txt", "--server", s.server.url, "--", id, "g.age"],
            in: s.dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused to revoke"), "\(refused.stderr)")
        let still = try LinkCLITests.open(s.dir, ["--link-file", "link.txt", "-o", "out"])
        #expect(still.status == 0, "\(still.stderr)")
        // The owner's revoke withdraws it and removes the stanza.
        let revoked = try CLIHarness.run(
            CLIHarness.coffer, ["link", "revoke", "-i", "key.txt", "--server", s.server.url, "--", id, "f.age"],
            in: s.dir)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let list = try CLIHarness.run(CLIHarness.coffer, ["link", "list", "f.age"], in: s.dir)
        #expect(list.stdout.isEmpty)
    }

    @Test func aLinkWithoutItsServerAsksForOne() throws {
        let (dir, _) = try LinkCLITests.setUp(size: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try LinkCLITests.create(dir)
        let opened = try LinkCLITests.open(dir, ["--link-file", "link.txt", "-o", "out"])
        #expect(opened.status == 1)
        #expect(opened.stderr.contains("does not name its storage server"), "\(opened.stderr)")
    }
}
