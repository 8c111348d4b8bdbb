// SPDX-License-Identifier: MIT
// `coffer encrypt | coffer decrypt` of a 2 GiB stream (COFFER_SMALL_TESTS=1: 256 MiB) keeps each process's memory
// flat. Each child's peak resident memory is its own (`/usr/bin/time -f %M`, from wait4), so suites running in
// parallel in the test process cannot move it — the in-process LargeStreamTests checks the bytes, this test the
// memory.
import Foundation
import Testing

@Suite("Streaming in constant memory, per process", .serialized)
struct StreamMemoryCLITests {
    static let size: Int64 = ProcessInfo.processInfo.environment["COFFER_SMALL_TESTS"] == "1" ? 256 << 20 : 2 << 30
    /// Far below the stream: a process that held even a tenth of a 256 MiB stream would not fit.
    static let boundKiB = 96 << 10

    @Test("encrypt → pipe → decrypt of a 2 GiB stream: each process peaks under 96 MiB and the bytes survive")
    func pipeline() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keygen = try CLIHarness.run(CLIHarness.coffer, ["keygen", "-o", "key.txt"], in: dir)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let key = try String(contentsOf: dir.appendingPathComponent("key.txt"), encoding: .utf8)
        let recipient = try #require(
            key.split(separator: "\n").first { $0.hasPrefix("# public key: ") }?.dropFirst("# public key: ".count))
        // A pattern that changes every line (the line number), so a dropped, repeated or reordered chunk changes
        // the digest; generated and digested by the shell on both sides of the pipeline.
        // No pipefail: `head` closes the pipe on `seq`, which then dies of SIGPIPE; the statuses that matter are
        // read from PIPESTATUS.
        let source = "seq 1 1000000000 | head -c \(Self.size)"
        let script = """
            set -u
            \(source) \
              | /usr/bin/time -f %M -o encrypt.rss "$COFFER" encrypt -r "$RECIPIENT" \
              | /usr/bin/time -f %M -o decrypt.rss "$COFFER" decrypt -i key.txt \
              | sha256sum > actual.sum
            codes=("${PIPESTATUS[@]}")
            [ "${codes[1]}${codes[2]}${codes[3]}${codes[4]}" = 0000 ] || { echo "exit codes ${codes[*]}" >&2; exit 3; }
            \(source) | sha256sum > expected.sum
            cmp -s expected.sum actual.sum || { echo "digest mismatch" >&2; exit 4; }
            """
        let start = Date()
        let run = try CLIHarness.run(
            "/usr/bin/env", ["COFFER=\(CLIHarness.coffer)", "RECIPIENT=\(recipient)", "/bin/bash", "-c", script],
            in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let encryptKiB = try Self.peakKiB(dir.appendingPathComponent("encrypt.rss"))
        let decryptKiB = try Self.peakKiB(dir.appendingPathComponent("decrypt.rss"))
        print(
            "StreamMemoryCLITests: \(Self.size >> 20) MiB in \(Int(Date().timeIntervalSince(start))) s, "
                + "peak RSS encrypt \(encryptKiB) KiB, decrypt \(decryptKiB) KiB")
        #expect(encryptKiB < Self.boundKiB, "coffer encrypt peaked at \(encryptKiB) KiB")
        #expect(decryptKiB < Self.boundKiB, "coffer decrypt peaked at \(decryptKiB) KiB")
    }

    /// The last line `/usr/bin/time -f %M -o FILE` wrote: the child's peak resident memory in KiB.
    static func peakKiB(_ file: URL) throws -> Int {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try #require(text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
    }
}
