// SPDX-License-Identifier: MIT
// One error presenter. Each case asserts the exact `coffer:` line: no doubled prefix, no errno or
// Foundation error number, a FIFO or directory record named as such, names with line breaks or direction
// overrides escaped on one line, non-UTF-8 arguments refused, and the `vault init` hint only for a vault that
// does not exist at all.
import Foundation
import Testing

@Suite("CLI error messages: one presenter, one line per error", .serialized)
struct ErrorMessageTests {
    /// Runs and checks exit `status`, an empty stdout, and that stderr's first line is `line`.
    @discardableResult
    static func expectLine(
        _ f: CLIFixture, _ arguments: [String], _ line: String, status: Int32 = 1, device: String? = nil
    ) throws -> String {
        let result = try f.run(arguments, device: device)
        #expect(result.status == status, "\(arguments): exit \(result.status)")
        #expect(result.stdout.isEmpty, "\(arguments)")
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == line, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("errno") && !result.stderr.contains("NSCocoaErrorDomain"))
        #expect(!result.stderr.contains("storage failure: storage failure"))
        let messageLines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("hint: ") }
        #expect(messageLines.count == 1, "\(arguments): \(result.stderr)")
        return result.stderr
    }

    /// The root folder's id: the one folder with a keyring and no node record.
    static func rootID(_ f: CLIFixture) throws -> String {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: f.store))
        let keys = names.filter { $0.hasSuffix(".keys") }.map { String($0.dropLast(".keys".count)) }
        return keys.first { !names.contains("\($0).node") } ?? "missing"
    }

    @Test("records that are a directory or a FIFO: named as such, said once, no hang")
    func oddRecords() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let root = try Self.rootID(f)
        let list = f.path("store/\(root).list")
        let saved = try Data(contentsOf: URL(fileURLWithPath: list))
        let ls = ["vault", "ls", "/", "--passphrase-file", "p1"]
        try FileManager.default.removeItem(atPath: list)
        try FileManager.default.createDirectory(atPath: list, withIntermediateDirectories: false)
        try Self.expectLine(
            f, ls, "coffer: storage failure: cannot read record \(root).list: \(list) is a directory, not a file")
        try FileManager.default.removeItem(atPath: list)
        #expect(mkfifo(list, 0o600) == 0)
        let start = Date()
        let fifo = try Self.expectLine(
            f, ls, "coffer: storage failure: cannot read record \(root).list: \(list) is a FIFO, not a file")
        #expect(!fifo.contains("permission"))
        #expect(Date().timeIntervalSince(start) < 10)
        try FileManager.default.removeItem(atPath: list)
        try saved.write(to: URL(fileURLWithPath: list))
        #expect(try f.run(ls).status == 0)
        print("ErrorMessageTests.oddRecords: 3 cases")
    }

    @Test("names with a line break, a direction override or bytes that are not UTF-8")
    func names() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let pass = ["--passphrase-file", "p1"]
        try Self.expectLine(
            f, ["vault", "mkdir", "/x\ny"] + pass,
            "coffer: invalid name \"x\\ny\" (1–255 bytes, no '/', NUL or control characters)")
        try Self.expectLine(f, ["vault", "get", "/a\u{202E}txt.exe"] + pass, "coffer: /a\\u{202E}txt.exe not found")
        try Self.expectLine(f, ["vault", "get", "/\u{2066}b\u{200F}"] + pass, "coffer: /\\u{2066}b\\u{200F} not found")
        try Self.expectLine(
            f, ["decrypt", "-i", "key.txt", "no\nsuch\u{202E}file"],
            "coffer: cannot open input \"no\\nsuch\\u{202E}file\"")
        // Not UTF-8: the raw bytes go through the shell, since Swift strings cannot hold them.
        let script = "exec \"$0\" vault put plain \"$(printf '/caf\\351')\" --passphrase-file p1"
        let result = try CLIHarness.run(
            "/usr/bin/env", f.environment() + ["/bin/sh", "-c", script, CLIHarness.coffer], in: f.dir)
        #expect(result.status == 64)
        #expect(
            result.stderr.split(separator: "\n").first == "coffer: argument 4 is not valid UTF-8: \"/caf\\xE9\"",
            "\(result.stderr)")
        let listing = try f.ok(["vault", "ls", "/"] + pass)
        #expect(!listing.contains("caf"))
        // A direction override is a valid name, but `vault ls` shows it escaped.
        try f.ok(["vault", "put", "plain", "/\u{202E}txt.exe"] + pass)
        let escaped = try f.ok(["vault", "ls", "/"] + pass)
        #expect(escaped.contains("\t\\u{202E}txt.exe\n") && !escaped.contains("\u{202E}"), "\(escaped)")
        print("ErrorMessageTests.names: 6 cases")
    }

    @Test("the vault-init hint only when no record of the vault exists; withheld records said as such")
    func missingVault() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let ls = ["vault", "ls", "/", "--passphrase-file", "p1"]
        try Self.expectLine(f, ls, "coffer: this account's vault (run `coffer vault init`) not found")
        try f.ok(["vault", "init", "--passphrase-file", "p1"])
        let keys = f.path("store/\(try Self.rootID(f)).keys")
        let root = try Self.rootID(f)
        try FileManager.default.removeItem(atPath: keys)
        // This device accepted the keyring: its absence is a rollback to before the vault existed.
        try Self.expectLine(
            f, ls, "coffer: folder keyring version 0 is older than version 1 already seen on this device (rollback)")
        // A new device has no mark, but the root's listing is there: the keyring alone is withheld.
        let fresh = f.path("fresh-device")
        let withheld = try Self.expectLine(
            f, ls,
            "coffer: record \(root).keys (the keyring of this account's vault, whose other records are there: the "
                + "storage side may be withholding it) not found", device: fresh)
        #expect(!withheld.contains("vault init"))
        print("ErrorMessageTests.missingVault: 3 cases")
    }

    @Test("a write refused by the file system: in words with the errno name, the prefix once")
    func refusedWrite() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        guard try ReadOnlyDeviceTests.readOnlyMountWorks(f.store) else {
            print("ErrorMessageTests.refusedWrite: skipped, no read-only bind mount here (unshare -m not allowed)")
            return
        }
        let result = try CLIHarness.run(
            "/usr/bin/env",
            f.environment()
                + [
                    "/usr/bin/unshare", "-m", "sh", "-c", ReadOnlyDeviceTests.mountReadOnly + " && exec \"$@\"",
                    f.store,
                    CLIHarness.coffer, "vault", "mkdir", "/new", "--passphrase-file", "p1",
                ], in: f.dir)
        #expect(result.status == 1)
        let line = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(line.hasPrefix("coffer: storage failure: cannot create \(f.store)/."), "\(result.stderr)")
        #expect(line.hasSuffix(".tmp: read-only file system (EROFS)"), "\(result.stderr)")
        #expect(!result.stderr.contains("storage failure: storage failure") && !result.stderr.contains("errno"))
        // Foundation's own write errors are words too, never "NSCocoaErrorDomain error 256".
        try FileManager.default.createDirectory(
            atPath: f.path("out/a.txt.age"), withIntermediateDirectories: true)
        let export = try f.run(["vault", "export", "/", "--to", f.recipient, "-o", "out", "--passphrase-file", "p1"])
        #expect(export.status == 1)
        #expect(export.stderr.hasPrefix("coffer: storage failure: cannot write \(f.path("out/a.txt.age")): "))
        #expect(!export.stderr.contains("NSCocoaErrorDomain") && !export.stderr.contains("error 256"))
        print("ErrorMessageTests.refusedWrite: 2 cases")
    }
}
