// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `coffer serve` as a user runs it: a real server process on a free loopback port, and the vault CLI flows
/// (account create, contact, init, mkdir, put, ls, share, accept, get, export, mv, rm, verify, unshare) with
/// `--store http://127.0.0.1:PORT/` exactly as with a directory (Spec/server.md §7).
@Suite(.serialized) struct ServeCLITests {
    /// `coffer serve --listen 127.0.0.1:0 --data DIR` with the default rate limit, until `stop`.
    final class Server {
        let serve: ServeProcess

        init(data: URL, options: [String] = []) throws {
            serve = try ServeProcess(.sqlite(data), options: options, unlimitedRate: false)
        }

        var process: Process { serve.process }
        var port: Int { serve.port }
        var url: String { serve.url }

        func stop() -> Int32 { serve.stop() }
    }

    struct ServeFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "coffer serve did not start: \(output)" }
    }

    @Test(.enabled(if: CLIHarness.ageAvailable)) func twoPeopleShareAFolderThroughTheServer() throws {
        let data = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try Server(data: data)
        let s = try VaultCLITests.twoPeople(store: ["--store", server.url], vault: ["--vault", "team-vault"])
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try VaultCLITests.shareAFolderAndExportToAge(s)
        // Nothing of the vault is in the client's directory: it all went to the server.
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("store").path))
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("team-vault").path))
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("coffer.sqlite").path))
        // The server stopped by SIGTERM exits cleanly; started again on the same data, the vault is all there.
        #expect(server.stop() == 0)
        let again = try Server(data: data)
        defer { _ = again.stop() }
        let moved = Setup(s, store: again.url)
        #expect(moved.out(try moved.run(["vault", "verify"])) == "ok: 2 folders, 1 files, 150000 bytes verified\n")
    }

    @Test func aStoppedServerIsAClearErrorNotSuccess() throws {
        let data = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try Server(data: data)
        let s = try VaultCLITests.twoPeople(store: ["--store", server.url], vault: ["--vault", "v"])
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        _ = server.stop()
        let result = try s.run(["vault", "ls", "/"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unreachable"), "\(result.stderr)")
    }

    /// A new passphrase over a server: the new account records are stored signed by the account (the server
    /// refuses an unsigned replacement, Spec/server.md §6.2), and the vault opens with it afterwards.
    @Test func passwdThroughTheServerSignsTheNewRecords() throws {
        let data = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try Server(data: data)
        defer { _ = server.stop() }
        let s = try VaultCLITests.twoPeople(store: ["--store", server.url], vault: ["--vault", "v"])
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        try Data("a new passphrase\n".utf8).write(to: s.dir.appendingPathComponent("new.pw"))
        let passwd = try s.plain([
            "account", "passwd", "--device", "dev-a", "--passphrase-file", "a.pw", "--new-passphrase-file", "new.pw",
            "--store", server.url,
        ])
        #expect(passwd.status == 0, "\(passwd.stderr)")
        let ls = try s.plain([
            "vault", "ls", "/", "--store", server.url, "--device", "dev-a", "--passphrase-file", "new.pw", "--vault",
            "v",
        ])
        #expect(ls.status == 0, "\(ls.stderr)")
        let old = try s.run(["vault", "ls", "/"])
        #expect(old.status == 1)
    }

    @Test func serveRefusesABadListenAddress() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIHarness.run(CLIHarness.coffer, ["serve", "--listen", "8080", "--data", "d"], in: dir)
        #expect(result.status == 64)
        #expect(result.stderr.contains("HOST:PORT"))
        let help = try CLIHarness.run(CLIHarness.coffer, ["serve", "--help"], in: dir)
        #expect(String(decoding: help.stdout, as: UTF8.self).contains("coffer serve --listen 127.0.0.1:8080"))
    }

    /// Spec/server.md §6: every interface without a public URL is refused (no origin to bind signatures to); the
    /// help teaches signing, the limits and the flags.
    @Test func serveTeachesItsLimitsAndNeedsAnOriginOnEveryInterface() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wildcard = try CLIHarness.run(
            CLIHarness.coffer, ["serve", "--listen", "0.0.0.0:0", "--data", "d"], in: dir)
        #expect(wildcard.status == 64)
        #expect(wildcard.stderr.contains("--public-url"), "\(wildcard.stderr)")
        let badURL = try CLIHarness.run(
            CLIHarness.coffer, ["serve", "--public-url", "ftp://x", "--data", "d"], in: dir)
        #expect(badURL.status == 64)
        let shown = try CLIHarness.run(CLIHarness.coffer, ["serve", "--help"], in: dir)
        let help = String(decoding: shown.stdout, as: UTF8.self)
        for flag in [
            "--public-url", "--signature-window", "--quota-mib", "--max-header-kib", "--rate-per-minute",
            "--failures-per-minute", "--idle-timeout", "--head-timeout", "--min-upload-kib-per-second", "TLS",
            "offline",
        ] {
            #expect(help.contains(flag), "\(flag)")
        }
    }

    typealias Setup = VaultCLITests.Setup
}

extension VaultCLITests.Setup {
    /// The same people and devices against another server URL.
    init(_ other: Self, store url: String) {
        self.init(dir: other.dir, store: ["--store", url], vault: other.vault)
    }
}
