// SPDX-License-Identifier: MIT
// Bad-input review of the CLI: every case gives a `coffer:` message, exit code 1 (documented in
// `coffer --help`: 1 = the operation failed) and no partial output — nothing on stdout, no file left by -o.
import Foundation
import Testing

@Suite("CLI bad input: clear message, exit 1, no partial output")
struct BadInputCLITests {
    /// A scratch directory with `plain`, an identity `key.txt` and its recipient.
    static func prepare() throws -> (URL, String) {
        let dir = try CLIHarness.scratch()
        try Data("hello\n".utf8).write(to: dir.appendingPathComponent("plain"))
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
        return (dir, recipient)
    }

    /// Runs coffer in `dir` and checks the three promises; returns stderr for the message check.
    static func expectFailure(_ arguments: [String], in dir: URL, leaves files: [String]) throws -> String {
        let result = try CLIHarness.run(CLIHarness.coffer, arguments, in: dir)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout.count) bytes on stdout")
        #expect(result.stderr.hasPrefix("coffer: "), "\(arguments): \(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == files.sorted(), "\(arguments): left \(left)")
        return result.stderr
    }

    @Test("missing input file")
    func missingInput() throws {
        let (dir, recipient) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stderr = try BadInputCLITests.expectFailure(
            ["encrypt", "-r", recipient, "-o", "out.age", "nope"], in: dir, leaves: ["folder", "key.txt", "plain"])
        #expect(stderr.contains("cannot open input \"nope\""))
    }

    @Test("missing or unreadable identity file")
    func unreadableIdentity() throws {
        let (dir, recipient) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLIHarness.run(CLIHarness.coffer, ["encrypt", "-r", recipient, "-o", "c.age", "plain"], in: dir)
        let files = ["c.age", "folder", "key.txt", "plain"]
        let missing = try BadInputCLITests.expectFailure(
            ["decrypt", "-i", "nope.txt", "c.age"], in: dir, leaves: files)
        #expect(missing.contains("cannot read identity file \"nope.txt\""))
        // Root reads a mode-000 file anyway, so the unreadable file is a directory: refused before it is read.
        let unreadable = try BadInputCLITests.expectFailure(
            ["decrypt", "-i", "folder", "c.age"], in: dir, leaves: files)
        #expect(unreadable.contains("identity file \"folder\" is a directory"))
    }

    @Test("a directory as input: refused before any header is written")
    func directoryInput() throws {
        let (dir, recipient) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["folder", "key.txt", "plain"]
        for arguments in [
            ["encrypt", "-r", recipient, "folder"], ["encrypt", "-r", recipient, "-o", "x.age", "folder"],
            ["decrypt", "-i", "key.txt", "folder"],
        ] {
            let stderr = try BadInputCLITests.expectFailure(arguments, in: dir, leaves: files)
            #expect(stderr.contains("input \"folder\" is a directory"), "\(arguments): \(stderr)")
        }
    }

    @Test("output equal to the input is refused and the input is untouched")
    func outputIsInput() throws {
        let (dir, recipient) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stderr = try BadInputCLITests.expectFailure(
            ["encrypt", "-r", recipient, "-o", "plain", "plain"], in: dir, leaves: ["folder", "key.txt", "plain"])
        #expect(stderr.contains("is the input file"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("plain")) == Data("hello\n".utf8))
    }

    @Test("an empty passphrase file is refused before anything is written")
    func emptyPassphraseFile() throws {
        let (dir, _) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent("empty.pass"))
        let stderr = try BadInputCLITests.expectFailure(
            ["encrypt", "--passphrase-file", "empty.pass", "-o", "x.age", "plain"], in: dir,
            leaves: ["empty.pass", "folder", "key.txt", "plain"])
        #expect(stderr.contains("passphrase file \"empty.pass\" is empty"))
    }

    @Test("closed or full stdout: an input/output error, exit 1", arguments: [">&-", ">/dev/full"])
    func badStdout(redirection: String) throws {
        let (dir, recipient) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = "exec \"$0\" \"$@\" \(redirection)"
        let result = try CLIHarness.run(
            "/bin/sh", ["-c", script, CLIHarness.coffer, "encrypt", "-r", recipient, "plain"], in: dir)
        #expect(result.status == 1, "exit \(result.status)")
        #expect(result.stderr.hasPrefix("coffer: cannot write to stdout: "), "\(result.stderr)")
    }

    /// The CCTV file `scrypt_work_factor_23`: an untrusted header asking for scrypt with N = 2²³ must be refused
    /// before any work is done (it would take seconds and 8 GiB), with the hint to raise the limit knowingly.
    @Test("a huge KDF work factor in the file is refused quickly")
    func hugeWorkFactor() throws {
        let (dir, _) = try BadInputCLITests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vector = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("TestVectors/published/cctv-age/scrypt_work_factor_23")
        let contents = try Data(contentsOf: vector)
        let body = contents[contents.range(of: Data("\n\n".utf8))!.upperBound...]
        try Data(body).write(to: dir.appendingPathComponent("slow.age"))
        try Data("password\n".utf8).write(to: dir.appendingPathComponent("pass"))
        let start = Date()
        let stderr = try BadInputCLITests.expectFailure(
            ["decrypt", "--passphrase-file", "pass", "-o", "out", "slow.age"], in: dir,
            leaves: ["folder", "key.txt", "pass", "plain", "slow.age"])
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(stderr.contains("work factor") && stderr.contains("--max-work-factor"), "\(stderr)")
    }
}
