// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Tampered input through the CLI: exit code 1, a `coffer:` message, and no output file (or temporary) left behind.
@Suite("CLI failures leave nothing behind")
struct CLIFailureTests {
    static func prepare() throws -> (URL, Data) {
        let dir = try CLIHarness.scratch()
        let plaintext = CLIHarness.bytes(3 * 65536 + 10)
        try plaintext.write(to: dir.appendingPathComponent("plain"))
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try CLIHarness.run(CLIHarness.coffer, ["encrypt", "-r", recipient, "-o", "c.age", "plain"], in: dir)
        return (dir, try Data(contentsOf: dir.appendingPathComponent("c.age")))
    }

    static let damages: [(String, @Sendable (Data) -> Data, String)] = [
        ("truncated at a chunk boundary", { $0.prefix($0.count - 26) }, "truncated"),
        ("extended", { $0 + Data([0]) }, "chunk 3 failed authentication"),
        (
            "bit flipped in chunk 1",
            {
                var d = $0
                d[d.count - 26 - 65552 + 9] ^= 1
                return d
            }, "chunk 2 failed authentication"
        ),
        (
            "chunks swapped",
            { d in
                let payloadStart = d.count - (3 * 65552 + 26)
                let c0 = d[payloadStart..<payloadStart + 65552]
                let c1 = d[payloadStart + 65552..<payloadStart + 2 * 65552]
                return d.prefix(payloadStart) + c1 + c0 + d.suffix(from: payloadStart + 2 * 65552)
            }, "chunk 0 failed authentication"
        ),
    ]

    @Test("damaged files: exact error, exit 1, no output file", arguments: 0..<damages.count)
    func damaged(index: Int) throws {
        let (dir, file) = try CLIFailureTests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (name, damage, message) = CLIFailureTests.damages[index]
        try damage(file).write(to: dir.appendingPathComponent("bad.age"))
        let result = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "out", "bad.age"], in: dir)
        #expect(result.status == 1, "\(name)")
        #expect(result.stderr.hasPrefix("coffer: ") && result.stderr.contains(message), "\(name): \(result.stderr)")
        #expect(result.stderr.contains("hint: "))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["bad.age", "c.age", "key.txt", "plain"], "\(name): left \(left)")
    }

    @Test("refuses to overwrite the input")
    func outputIsInput() throws {
        let (dir, file) = try CLIFailureTests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "c.age", "c.age"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is the input file"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("c.age")) == file)
    }

    @Test("--range decrypts only the requested bytes; inspect reports the structure")
    func rangeAndInspect() throws {
        let (dir, _) = try CLIFailureTests.prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plaintext = try Data(contentsOf: dir.appendingPathComponent("plain"))
        let range = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "--range", "65530:20", "c.age"], in: dir)
        #expect(range.status == 0, "\(range.stderr)")
        #expect(range.stdout == plaintext[65530..<65550])
        let inspect = try CLIHarness.run(CLIHarness.coffer, ["inspect", "c.age"], in: dir)
        let text = String(decoding: inspect.stdout, as: UTF8.self)
        #expect(text.contains("chunks: 4 of up to 64 KiB"))
        #expect(text.contains("plaintext: \(plaintext.count) bytes"))
        #expect(text.contains("  - X25519"))
    }
}
