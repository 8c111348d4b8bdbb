import CofferPrimitives
// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Byte compatibility with the Debian age 1.1.1 programs, in both directions, binary and armored.
@Suite(
    "age interop",
    .enabled(if: CLIHarness.ageAvailable, "needs /usr/bin/age and age-keygen (./dev setup installs them)"))
struct AgeInteropTests {
    static let sizes = [0, 1, 65535, 65536, 65537, 5 * 65536 + 3]

    @Test("coffer encrypt → age -d, with a coffer keygen identity", arguments: sizes, [false, true])
    func cofferToAge(size: Int, armored: Bool) throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = CLIHarness.bytes(size)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        let encrypt = try CLIHarness.run(
            CLIHarness.coffer, ["encrypt", "-r", recipient] + (armored ? ["-a"] : []) + ["-o", "c.age", "plain"],
            in: dir)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        let decrypt = try CLIHarness.run("/usr/bin/age", ["-d", "-i", "key.txt", "c.age"], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.stderr)")
        #expect(decrypt.stdout == plaintext)
    }

    /// stdout redirected to a regular file takes the positional path (every core pwrites its chunks at their place
    /// in the file). It must start where the shell's descriptor stands and leave it after the ciphertext, so bytes
    /// written before and after by the same shell stay around it; age decrypts what lies between.
    @Test(
        "coffer encrypt > file (positional writes at the descriptor's offset) → age -d",
        arguments: [0, 3 * 65536 + 5, 40 * 65536])
    func stdoutRedirectedToAFile(size: Int) throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = CLIHarness.bytes(size)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        let script = "{ printf before; \"$0\" encrypt -r \"$1\" plain; printf after; } > out"
        let encrypt = try CLIHarness.run("/bin/sh", ["-c", script, CLIHarness.coffer, recipient], in: dir)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        let out = try Data(contentsOf: dir.appendingPathComponent("out"))
        let framed = out.prefix(6) == Data("before".utf8) && out.suffix(5) == Data("after".utf8)
        #expect(framed, "the bytes around the ciphertext were overwritten")
        try out.dropFirst(6).dropLast(5).write(to: dir.appendingPathComponent("c.age"))
        let decrypt = try CLIHarness.run("/usr/bin/age", ["-d", "-i", "key.txt", "c.age"], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.stderr)")
        // A Bool: on failure Swift Testing would diff two multi-MiB collections element by element.
        let same = decrypt.stdout == plaintext
        #expect(same, "age -d gave \(decrypt.stdout.count) bytes, not the \(plaintext.count)-byte plaintext")
    }

    @Test("age encrypt → coffer decrypt, with an age-keygen identity", arguments: sizes, [false, true])
    func ageToCoffer(size: Int, armored: Bool) throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = CLIHarness.bytes(size)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        #expect(try CLIHarness.run("/usr/bin/age-keygen", ["-o", "key.txt"], in: dir).status == 0)
        let recipient = String(
            decoding: try CLIHarness.run("/usr/bin/age-keygen", ["-y", "key.txt"], in: dir).stdout, as: UTF8.self
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        let encrypt = try CLIHarness.run(
            "/usr/bin/age", ["-r", recipient] + (armored ? ["-a"] : []) + ["-o", "c.age", "plain"], in: dir)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        let decrypt = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out", "c.age"], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("out")) == plaintext)
        let stdout = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt"],
            stdin: try Data(contentsOf: dir.appendingPathComponent("c.age")), in: dir)
        #expect(stdout.stdout == plaintext)
    }

    @Test("passphrase: coffer --passphrase-file → age -d (prompt driven through a pty)", arguments: [false, true])
    func passphraseCofferToAge(armored: Bool) throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = CLIHarness.bytes(70000)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        try "tomato soup 42\n".write(to: dir.appendingPathComponent("pass.txt"), atomically: true, encoding: .utf8)
        let encrypt = try CLIHarness.run(
            CLIHarness.coffer,
            ["encrypt", "--passphrase-file", "pass.txt", "--work-factor", "12"]
                + (armored ? ["-a"] : []) + ["-o", "c.age", "plain"], in: dir)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        let decrypt = try CLIHarness.runWithTerminal(
            "/usr/bin/age", ["-d", "-o", "out", "c.age"], passphraseFile: "pass.txt", in: dir)
        #expect(decrypt.status == 0, "\(String(decoding: decrypt.stdout, as: UTF8.self))")
        #expect(try Data(contentsOf: dir.appendingPathComponent("out")) == plaintext)
    }

    @Test("passphrase: age -p (through a pty) → coffer --passphrase-file and coffer's own no-echo prompt")
    func passphraseAgeToCoffer() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = CLIHarness.bytes(65537)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        try "correct horse battery staple\n".write(
            to: dir.appendingPathComponent("pass.txt"), atomically: true, encoding: .utf8)
        let encrypt = try CLIHarness.runWithTerminal(
            "/usr/bin/age", ["-p", "-o", "c.age", "plain"], passphraseFile: "pass.txt", in: dir)
        #expect(encrypt.status == 0, "\(String(decoding: encrypt.stdout, as: UTF8.self))")
        let decrypt = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "--passphrase-file", "pass.txt", "-o", "out", "c.age"], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("out")) == plaintext)
        let prompted = try CLIHarness.runWithTerminal(
            CLIHarness.coffer, ["decrypt", "-o", "out2", "c.age"], passphraseFile: "pass.txt", in: dir)
        #expect(prompted.status == 0, "\(String(decoding: prompted.stdout, as: UTF8.self))")
        #expect(
            !String(decoding: prompted.stdout, as: UTF8.self).contains("correct horse"), "the passphrase was echoed")
        #expect(try Data(contentsOf: dir.appendingPathComponent("out2")) == plaintext)
    }
}

/// Coffer's generated vectors checked by an independent implementation: age must decrypt every valid file to the
/// recorded plaintext hash and refuse every invalid one.
@Suite("Generated vectors against age", .enabled(if: CLIHarness.ageAvailable, "needs /usr/bin/age"))
struct GeneratedVectorsAgainstAge {
    static let tests: [AgeFileVectorTest] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("TestVectors/generated/age_v1_files.json").path
        guard let data = FileManager.default.contents(atPath: path),
            let file = try? JSONDecoder().decode(CofferVectorFile<AgeFileVectorTest>.self, from: data)
        else { return [] }
        return file.testGroups.flatMap(\.tests)
    }()

    @Test("age agrees with each generated case", arguments: tests.map(\.tcId))
    func agrees(tcId: Int) throws {
        let test = GeneratedVectorsAgainstAge.tests.first { $0.tcId == tcId }!
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(try Hex.decode(test.file)).write(to: dir.appendingPathComponent("v.age"))
        try "\(test.identity)\n".write(to: dir.appendingPathComponent("key.txt"), atomically: true, encoding: .utf8)
        let result = try CLIHarness.run("/usr/bin/age", ["-d", "-i", "key.txt", "v.age"], in: dir)
        if test.result == "valid" {
            #expect(result.status == 0, "tcId \(tcId): \(result.stderr)")
            #expect(Hex.encode(SHA256.hash([UInt8](result.stdout))) == test.releasedSHA256, "tcId \(tcId)")
        } else {
            #expect(result.status != 0, "tcId \(tcId) (\(test.comment)): age accepted an invalid file")
        }
    }
}
