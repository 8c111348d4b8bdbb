// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import Testing

/// `coffer link create | open | list | revoke` end to end: round trips at the chunk edges with and without a
/// password, the file still opening with age after links were added, the secret only in the fragment, and
/// refusals that leave no output behind.
@Suite struct LinkCLITests {
    static let sizes = [0, 1, 65536, 3 * 65536 + 17]

    /// A scratch directory with `key.txt` (coffer keygen) and `f.age`, an age file of `size` bytes to that key.
    static func setUp(size: Int) throws -> (dir: URL, plaintext: Data) {
        let dir = try CLIHarness.scratch()
        let plaintext = CLIHarness.bytes(size)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        let encrypt = try CLIHarness.run(
            CLIHarness.coffer, ["encrypt", "-r", recipient, "-o", "f.age", "plain"], in: dir)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        try Data("correct horse battery staple\n".utf8).write(to: dir.appendingPathComponent("pw.txt"))
        try Data("Tr0ub4dor&3\n".utf8).write(to: dir.appendingPathComponent("wrong.txt"))
        return (dir, plaintext)
    }

    static func create(_ dir: URL, _ extra: [String] = []) throws -> String {
        let result = try CLIHarness.run(
            CLIHarness.coffer, ["link", "create", "-i", "key.txt"] + extra + ["f.age"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1, "stdout is exactly the link")
        let link = text.trimmingCharacters(in: .newlines)
        try Data((link + "\n").utf8).write(to: dir.appendingPathComponent("link.txt"))
        return link
    }

    static func open(_ dir: URL, _ arguments: [String], stdin: Data = Data()) throws -> CLIHarness.Result {
        try CLIHarness.run(CLIHarness.coffer, ["link", "open"] + arguments, stdin: stdin, in: dir)
    }

    @Test("link create → link open round trip", arguments: sizes, [false, true])
    func linkRoundTrip(size: Int, password: Bool) throws {
        let (dir, plaintext) = try Self.setUp(size: size)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pw = password ? ["--password-file", "pw.txt"] : []
        let link = try Self.create(dir, pw)
        let toFile = try Self.open(dir, ["--link-file", "link.txt"] + pw + ["-o", "out", "f.age"])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("out")) == plaintext)
        let fromStdin = try Self.open(dir, ["--link-file", "-"] + pw + ["f.age"], stdin: Data((link + "\n").utf8))
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout == plaintext)
        let asArgument = try Self.open(dir, pw + [link, "f.age"])
        #expect(asArgument.stdout == plaintext)
        // The identity still opens the file, and so does coffer decrypt.
        let decrypt = try CLIHarness.run(CLIHarness.coffer, ["decrypt", "-i", "key.txt", "f.age"], in: dir)
        #expect(decrypt.stdout == plaintext)
    }

    @Test("age -d -i still decrypts a file after links were added", arguments: sizes)
    func linkedFileStillDecryptsWithAge(size: Int) throws {
        try #require(CLIHarness.ageAvailable, "needs /usr/bin/age")
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = CLIHarness.bytes(size)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        #expect(try CLIHarness.run("/usr/bin/age-keygen", ["-o", "key.txt"], in: dir).status == 0)
        let recipient = String(
            decoding: try CLIHarness.run("/usr/bin/age-keygen", ["-y", "key.txt"], in: dir).stdout, as: UTF8.self
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLIHarness.run("/usr/bin/age", ["-r", recipient, "-o", "f.age", "plain"], in: dir).status == 0)
        try Data("pw\n".utf8).write(to: dir.appendingPathComponent("pw.txt"))
        _ = try Self.create(dir)
        _ = try Self.create(dir, ["--password-file", "pw.txt", "--expires", "7d"])
        let age = try CLIHarness.run("/usr/bin/age", ["-d", "-i", "key.txt", "f.age"], in: dir)
        #expect(age.status == 0, "\(age.stderr)")
        #expect(age.stdout == plaintext)
        let opened = try Self.open(dir, ["--link-file", "link.txt", "--password-file", "pw.txt", "f.age"])
        #expect(opened.stdout == plaintext)
    }

    /// The part before '#' is exactly base URL + lookup id; nothing of the fragment appears there, in the
    /// messages, in `link list`, or in the file.
    @Test("the produced link has its secret only in the fragment", arguments: [nil, "https://files.example.org/s/"])
    func linkSecretOnlyInFragment(base: String?) throws {
        let (dir, _) = try Self.setUp(size: 100)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIHarness.run(
            CLIHarness.coffer,
            ["link", "create", "-i", "key.txt"] + (base.map { ["--base-url", $0] } ?? []) + ["f.age"],
            in: dir)
        let link = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .newlines)
        let parts = link.split(separator: "#", omittingEmptySubsequences: false).map(String.init)
        #expect(parts.count == 2)
        let prefix = base ?? "https://coffer.invalid/l/"
        #expect(parts[0].hasPrefix(prefix))
        let lookupID = String(parts[0].dropFirst(prefix.count))
        #expect(lookupID.count == 22 && lookupID.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        let fragment = Array(parts[1])
        #expect(fragment.count == 28 && fragment[0] == "1")
        let list = try CLIHarness.run(CLIHarness.coffer, ["link", "list", "f.age"], in: dir)
        let file = try Data(contentsOf: dir.appendingPathComponent("f.age"))
        let fileText = String(decoding: file, as: UTF8.self)
        #expect(String(decoding: list.stdout, as: UTF8.self).hasPrefix(lookupID))
        for start in 1...(fragment.count - 8) {
            let piece = String(fragment[start..<start + 8])
            for visible in [parts[0], result.stderr, String(decoding: list.stdout, as: UTF8.self), fileText] {
                #expect(!visible.contains(piece))
            }
        }
        let secret = try Base64.decode(String(fragment[1...]), alphabet: .urlSafe).prefix(16)
        #expect(file.range(of: Data(secret)) == nil)
    }

    @Test func linkMistypedOrCutIsReportedAndNothingIsWritten() throws {
        let (dir, _) = try Self.setUp(size: 1000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = try Self.create(dir)
        var chars = Array(link)
        chars[chars.count - 10] = chars[chars.count - 10] == "a" ? "b" : "a"
        for bad in [String(chars), String(link.dropLast(3))] {
            let result = try Self.open(dir, ["-o", "out", bad, "f.age"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("coffer: link checksum mismatch: the link was probably cut or mistyped"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
            #expect(!result.stderr.contains(String(link.split(separator: "#")[1])))
        }
    }

    @Test func linkWrongAndMissingPasswordGiveDifferentMessagesAndNoOutput() throws {
        let (dir, _) = try Self.setUp(size: 1000)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.create(dir, ["--password-file", "pw.txt"])
        let wrong = try Self.open(
            dir, ["--link-file", "link.txt", "--password-file", "wrong.txt", "-o", "out", "f.age"])
        let missing = try Self.open(dir, ["--link-file", "link.txt", "-o", "out", "f.age"])
        #expect(wrong.status == 1 && missing.status == 1)
        #expect(wrong.stderr.contains("coffer: wrong password for this link"))
        #expect(missing.stderr.contains("coffer: this link is password-protected"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let contents = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!contents.contains { $0.hasSuffix(".tmp") })
    }

    @Test func linkCreateFailureLeavesTheFileUnchanged() throws {
        let (dir, _) = try Self.setUp(size: 1000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Data(contentsOf: dir.appendingPathComponent("f.age"))
        #expect(try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "other.txt"], in: dir).status == 0)
        let cases: [[String]] = [
            ["-i", "other.txt", "f.age"], ["f.age"], ["-i", "key.txt", "--expires", "yesterday", "f.age"],
            ["-i", "key.txt", "--base-url", "https://x.example/l?id=", "f.age"],
        ]
        for arguments in cases {
            let result = try CLIHarness.run(CLIHarness.coffer, ["link", "create"] + arguments, in: dir)
            // A malformed --expires is a usage error; the others fail when run.
            #expect(result.status == (arguments.contains("yesterday") ? 64 : 1), "\(arguments)")
            #expect(result.stdout.isEmpty)
            #expect(try Data(contentsOf: dir.appendingPathComponent("f.age")) == before)
        }
        let contents = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!contents.contains { $0.hasSuffix(".tmp") })
    }

    @Test func linkRevokeRemovesOnlyThatLink() throws {
        let (dir, plaintext) = try Self.setUp(size: 5000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Self.create(dir)
        let second = try Self.create(dir)
        let id = String(first.split(separator: "#")[0].split(separator: "/").last!)
        let revoke = try CLIHarness.run(
            CLIHarness.coffer, ["link", "revoke", "-i", "key.txt", "--", id, "f.age"], in: dir)
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let gone = try Self.open(dir, [first, "f.age"])
        #expect(gone.status == 1 && gone.stderr.contains("the link was revoked"))
        #expect(try Self.open(dir, [second, "f.age"]).stdout == plaintext)
    }

    @Test func linkOpenRefusesToWriteOverItsInput() throws {
        let (dir, _) = try Self.setUp(size: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = try Self.create(dir)
        let result = try Self.open(dir, ["-o", "f.age", link, "f.age"])
        #expect(result.status == 1 && result.stderr.contains("is the input file"))
    }

    @Test func linkHelpEndsWithExamples() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in [[], ["create"], ["open"], ["list"], ["revoke"]] {
            let help = try CLIHarness.run(CLIHarness.coffer, ["link"] + sub + ["--help"], in: dir)
            let text = String(decoding: help.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.contains("Examples:"))
            #expect(
                text.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces).hasPrefix("coffer link") == true)
        }
        let open = try CLIHarness.run(CLIHarness.coffer, ["link", "open", "--help"], in: dir)
        #expect(String(decoding: open.stdout, as: UTF8.self).contains("--link-file"))
    }
}
