// SPDX-License-Identifier: MIT
// A scratch directory with everything the issue-12 input tests need: a key, an age file, an account with its
// store and device directories, a vault with one file, a password-protected share link.
import Foundation
import Testing

struct CLIFixture {
    let dir: URL
    let recipient: String
    let accountID: String
    let fingerprint: String
    let link: String

    var store: String { dir.appendingPathComponent("store").path }
    var device: String { dir.appendingPathComponent("device").path }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// `coffer ARGUMENTS` in the scratch directory with COFFER_STORE/COFFER_DEVICE set (`device` overrides).
    func run(_ arguments: [String], stdin: Data = Data(), device: String? = nil) throws -> CLIHarness.Result {
        try CLIHarness.run("/usr/bin/env", environment(device) + [CLIHarness.coffer] + arguments, stdin: stdin, in: dir)
    }

    func environment(_ device: String? = nil) -> [String] {
        ["COFFER_STORE=\(store)", "COFFER_DEVICE=\(device ?? self.device)", "COFFER_VAULT=\(store)"]
    }

    /// The run must succeed; returns its stdout as text.
    @discardableResult
    func ok(_ arguments: [String], stdin: Data = Data()) throws -> String {
        let result = try run(arguments, stdin: stdin)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return String(decoding: result.stdout, as: UTF8.self)
    }

    /// Files: `plain` ("hello\n"), `key.txt`, `c.age` (to key.txt), `f.age` (with a link), `p1` (the account's
    /// passphrase), `lp` (the link's password), `link.txt`, `rk` (recovery key), `bundle.txt`; with `vault`, a vault
    /// holding `/a.txt`.
    static func make(vault: Bool = false) throws -> CLIFixture {
        let dir = try CLIHarness.scratch()
        try Data("hello\n".utf8).write(to: dir.appendingPathComponent("plain"))
        try Data("first passphrase\n".utf8).write(to: dir.appendingPathComponent("p1"))
        try Data("link password\n".utf8).write(to: dir.appendingPathComponent("lp"))
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        var fixture = CLIFixture(dir: dir, recipient: recipient, accountID: "", fingerprint: "", link: "")
        try fixture.ok(["encrypt", "-r", recipient, "-o", "c.age", "plain"])
        try fixture.ok(["encrypt", "-r", recipient, "-o", "f.age", "plain"])
        let link = try fixture.ok(["link", "create", "-i", "key.txt", "--password-file", "lp", "f.age"])
        try Data(link.utf8).write(to: dir.appendingPathComponent("link.txt"))
        let id = try fixture.ok(["account", "create", "--passphrase-file", "p1", "--recovery-key-file", "rk"])
        let shown = try fixture.ok(["account", "show"])
        let lines = shown.split(separator: "\n")
        try Data(String(lines[1].dropFirst("bundle ".count)).utf8).write(to: dir.appendingPathComponent("bundle.txt"))
        fixture = CLIFixture(
            dir: dir, recipient: recipient, accountID: id.trimmingCharacters(in: .whitespacesAndNewlines),
            fingerprint: String(lines[2].dropFirst("fingerprint ".count)), link: link)
        if vault {
            try fixture.ok(["vault", "init", "--passphrase-file", "p1"])
            try fixture.ok(["vault", "put", "plain", "/a.txt", "--passphrase-file", "p1"])
        }
        return fixture
    }

    /// A process that keeps writing NUL bytes into the FIFO at `path` (made here) until it is terminated.
    /// It writes only into a FIFO (`[ -p ]`), never into a regular file that would fill the disk.
    static func endlessWriter(fifo path: String) throws -> Process {
        guard mkfifo(path, 0o600) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "[ -p \"$0\" ] && exec cat /dev/zero > \"$0\" 2>/dev/null", path]
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        return writer
    }
}
