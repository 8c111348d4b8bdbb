// SPDX-License-Identifier: MIT
// Every numeric option is range-checked before any work (usage error, exit 64, the option and its
// bounds named); `--range` never traps and reports the numbers it was given.
import Foundation
import Testing

@Suite("CLI numeric options: range checks, no trap, no wrap")
struct NumericOptionTests {
    /// A usage error: exit 64, nothing on stdout, and `expected` on the first stderr line.
    static func expectUsage(_ f: CLIFixture, _ arguments: [String], _ expected: String) throws {
        let result = try f.run(arguments)
        #expect(result.status == 64, "\(arguments): exit \(result.status) \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments)")
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first == expected, "\(arguments): \(result.stderr)")
    }

    @Test("--range: overflow, out of bounds and malformed ranges")
    func ranges() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let decrypt = ["decrypt", "-i", "key.txt", "c.age", "--range"]
        try Self.expectUsage(
            f, decrypt + ["1:18446744073709551615"],
            "Error: --range 1:18446744073709551615 ends past byte 18446744073709551615")
        for text in ["18446744073709551616:1", "-1:5", "1:", ":1", "1:2:3", "a:b", "+1:2", "1:0x10", "1\n:2"] {
            try Self.expectUsage(
                f, ["decrypt", "-i", "key.txt", "c.age", "--range=\(text)"],
                "Error: --range must be OFFSET:LENGTH in decimal bytes (each from 0 to 18446744073709551615), "
                    + "not \(text.replacingOccurrences(of: "\n", with: "\\n"))")
        }
        // In bounds of 2⁶⁴ but not of the 6-byte file: the error names the range as given, exit 1.
        for text in ["40:9223372036854775807", "18446744073709551614:1", "0:7", "6:1"] {
            let result = try f.run(decrypt + [text])
            #expect(result.status == 1, "\(text): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "coffer: range \(text) is outside the plaintext of 6 bytes\n", "\(result.stderr)")
        }
        for (text, expected) in [("0:6", "hello\n"), ("1:3", "ell"), ("6:0", ""), ("0:0", "")] {
            let result = try f.run(decrypt + [text])
            #expect(result.status == 0, "\(text): \(result.stderr)")
            #expect(String(decoding: result.stdout, as: UTF8.self) == expected, "\(text)")
        }
        print("NumericOptionTests.ranges: 18 cases")
    }

    @Test("KDF, work-factor, calibrate and expiry options")
    func bounds() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let create = ["account", "create", "--passphrase-file", "p1"]
        var count = 0
        for value in ["4194368", "4194304", "32", "0", "4097"] {
            try Self.expectUsage(
                f, create + ["--kdf-memory-mib", value],
                "Error: --kdf-memory-mib must be from 64 to 4096, not \(value)")
            count += 1
        }
        for value in ["4294967296", "-1", "64MiB"] {  // not a UInt32 at all: ArgumentParser's own usage error
            let result = try f.run(create + ["--kdf-memory-mib=\(value)"])
            #expect(result.status == 64, "\(value): \(result.stderr)")
            count += 1
        }
        for value in ["2", "17", "0"] {
            try Self.expectUsage(
                f, create + ["--kdf-iterations", value], "Error: --kdf-iterations must be from 3 to 16, not \(value)")
            count += 1
        }
        // Nothing was created by any of them: the store still holds the fixture's one account.
        let accounts = try FileManager.default.contentsOfDirectory(atPath: f.store).filter { $0.hasSuffix(".account") }
        #expect(accounts.count == 1)
        for value in ["0", "31", "-1"] {
            try Self.expectUsage(
                f, ["decrypt", "-i", "key.txt", "--max-work-factor=\(value)", "c.age"],
                "Error: --max-work-factor must be from 1 to 30, not \(value)")
            try Self.expectUsage(
                f, ["encrypt", "--passphrase-file", "p1", "--work-factor=\(value)", "plain"],
                "Error: --work-factor must be from 1 to 30, not \(value)")
            count += 2
        }
        for value in ["0", "60001", "-5"] {
            try Self.expectUsage(
                f, ["kdf", "calibrate", "--target-ms=\(value)"],
                "Error: --target-ms must be from 1 to 60000, not \(value)")
            count += 1
        }
        for value in ["63", "4097", "0"] {
            try Self.expectUsage(
                f, ["kdf", "calibrate", "--max-memory-mib", value],
                "Error: --max-memory-mib must be from 64 to 4096, not \(value)")
            count += 1
        }
        for value in ["0m", "99999999999999999999w", "36501d", "yesterday", "2020-01-01T00:00:00Z"] {
            let result = try f.run(["link", "create", "-i", "key.txt", "--expires", value, "c.age"])
            #expect(result.status == 64, "\(value): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: --expires: invalid expiry: "), "\(value): \(result.stderr)")
            count += 1
        }
        print("NumericOptionTests.bounds: \(count) cases")
        #expect(count == 28)
    }
}
