// SPDX-License-Identifier: MIT
import CofferPrimitives
import CofferVectors
import Foundation
import Testing

/// The post-quantum hybrid recipient through the CLI: `keygen --pq`, `encrypt -r/-R age1pq1…`,
/// `decrypt -i` with an `AGE-SECRET-KEY-PQ-1…` file, `inspect`, and the refusal to mix with classical recipients.
/// Debian's age is 1.1.1, which predates the hybrid type, so interop is shown with an age 1.3 file from CCTV.
@Suite("post-quantum recipients (CLI)")
struct PostQuantumCLITests {
    static let cctv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TestVectors/published/cctv-age")

    /// `coffer keygen --pq -o key.txt` in `dir`; returns the age1pq1… public key printed on stderr.
    static func keygen(_ name: String, pq: Bool = true, in dir: URL) throws -> String {
        let result = try CLIHarness.run(CLIHarness.coffer, ["keygen"] + (pq ? ["--pq"] : []) + ["-o", name], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("keygen --pq writes an age-keygen -pq file; encrypt -r / -R, decrypt -i, link create -i, inspect use it")
    func roundTrip() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let recipient = try PostQuantumCLITests.keygen("key.txt", in: dir)
        #expect(recipient.hasPrefix("age1pq1") && recipient.count == 1959)
        let file = try String(contentsOf: dir.appendingPathComponent("key.txt"), encoding: .utf8)
        let lines = file.split(separator: "\n")
        #expect(lines.count == 3 && lines[1] == "# public key: \(recipient)")
        #expect(lines[2].hasPrefix("AGE-SECRET-KEY-PQ-1"))
        let mode =
            try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("key.txt").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o600)

        let plaintext = CLIHarness.bytes(3 * 65536 + 7)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        try Data((recipient + "\n").utf8).write(to: dir.appendingPathComponent("recipients.txt"))
        for (flags, name) in [(["-r", recipient], "r.age"), (["-R", "recipients.txt", "-a"], "R.age")] {
            let encrypt = try CLIHarness.run(CLIHarness.coffer, ["encrypt"] + flags + ["-o", name, "plain"], in: dir)
            #expect(encrypt.status == 0, "\(encrypt.stderr)")
            let decrypt = try CLIHarness.run(CLIHarness.coffer, ["decrypt", "-i", "key.txt", name], in: dir)
            #expect(decrypt.status == 0, "\(decrypt.stderr)")
            #expect(decrypt.stdout == plaintext)
        }
        let inspect = try CLIHarness.run(CLIHarness.coffer, ["inspect", "r.age"], in: dir)
        let text = String(decoding: inspect.stdout, as: UTF8.self)
        #expect(text.contains("  - mlkem768x25519 (1 argument(s), 32-byte body), post-quantum hybrid"), "\(text)")

        // The link commands take the hybrid identity with -i too: a link added to the file opens it.
        let link = try CLIHarness.run(CLIHarness.coffer, ["link", "create", "-i", "key.txt", "r.age"], in: dir)
        #expect(link.status == 0, "\(link.stderr)")
        let url = String(decoding: link.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let open = try CLIHarness.run(CLIHarness.coffer, ["link", "open", url, "r.age"], in: dir)
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stdout == plaintext)

        // Another identity, classical or post-quantum, is "no match" (exit 1).
        _ = try PostQuantumCLITests.keygen("other.txt", in: dir)
        _ = try PostQuantumCLITests.keygen("classical.txt", pq: false, in: dir)
        for key in ["other.txt", "classical.txt"] {
            let wrong = try CLIHarness.run(CLIHarness.coffer, ["decrypt", "-i", key, "r.age"], in: dir)
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("no identity matched"), "\(wrong.stderr)")
        }
    }

    @Test("a post-quantum and a classical recipient in one file are refused with a hint, and nothing is written")
    func mixing() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hybrid = try PostQuantumCLITests.keygen("pq.txt", in: dir)
        let classical = try PostQuantumCLITests.keygen("x.txt", pq: false, in: dir)
        try Data("x".utf8).write(to: dir.appendingPathComponent("plain"))
        let result = try CLIHarness.run(
            CLIHarness.coffer, ["encrypt", "-r", classical, "-r", hybrid, "-o", "c.age", "plain"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("coffer: post-quantum (age1pq1…) and classical (age1…) recipients"))
        #expect(result.stderr.contains("hint: ask every recipient for a post-quantum key (coffer keygen --pq)"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.age").path))
    }

    @Test("an age 1.3 hybrid file (CCTV `hybrid`) decrypts through decrypt -i with its AGE-SECRET-KEY-PQ-1… key")
    func ageFile() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let contents = try Data(contentsOf: PostQuantumCLITests.cctv.appendingPathComponent("hybrid"))
        let testCase = try CCTVAgeCase(name: "hybrid", contents: Array(contents))
        try Data((testCase.identities.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("k"))
        try Data(testCase.file).write(to: dir.appendingPathComponent("c.age"))
        let decrypt = try CLIHarness.run(CLIHarness.coffer, ["decrypt", "-i", "k", "c.age"], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.stderr)")
        #expect(SHA256.hash([UInt8](decrypt.stdout)) == testCase.payloadSHA256)
    }
}
