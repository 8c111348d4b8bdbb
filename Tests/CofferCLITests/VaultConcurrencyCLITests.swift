// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Real processes writing one vault directory at once (Spec/vault.md §10.1–10.2): every `coffer vault put` that
/// exits 0 is listed and readable; one that gives up says "run it again" and exits non-zero; two puts of one path
/// leave one file holding one of the two contents.
@Suite(.serialized) struct VaultConcurrencyCLITests {
    /// Runs `count` commands at once, each on its own thread; their results in order.
    static func concurrently(_ count: Int, _ command: @escaping @Sendable (Int) throws -> CLIHarness.Result)
        -> [CLIHarness.Result?]
    {
        let lock = NSLock()
        nonisolated(unsafe) var results = [CLIHarness.Result?](repeating: nil, count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = try? command(index)
            lock.withLock { results[index] = result }
        }
        return results
    }

    @Test func eightProcessesPutIntoOneFolder() throws {
        let s = VaultCLITests.Setup(dir: try CLIHarness.scratch())
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try Data("a passphrase\n".utf8).write(to: s.dir.appendingPathComponent("a.pw"))
        #expect(
            try s.plain(["account", "create", "--store", "store", "--device", "dev-a", "--passphrase-file", "a.pw"])
                .status == 0)
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/f"]).status == 0)
        var listed = 0
        for round in 0..<3 {
            for index in 0..<8 {
                try Data("round \(round) file \(index)".utf8).write(to: s.dir.appendingPathComponent("in-\(index)"))
            }
            let results = Self.concurrently(8) { index in
                try s.run(["vault", "put", "in-\(index)", "/f/\(round)-\(index).txt"])
            }
            let names = Set(
                s.out(try s.run(["vault", "ls", "/f"])).split(separator: "\n").map {
                    String($0.split(separator: "\t").last ?? "")
                })
            for (index, result) in results.enumerated() {
                let result = try #require(result)
                if result.status == 0 {
                    #expect(names.contains("\(round)-\(index).txt"), "round \(round): put \(index) exited 0, unlisted")
                    #expect(
                        try s.run(["vault", "get", "/f/\(round)-\(index).txt"]).stdout
                            == Data("round \(round) file \(index)".utf8))
                    listed += 1
                } else {
                    #expect(result.stderr.contains("run it again"), "\(result.stderr)")
                }
            }
        }
        print("VaultConcurrencyCLITests: \(listed) of 24 concurrent puts exited 0, each listed and readable")
        // Two puts of one path: one file, holding one of the two contents.
        for index in 0..<2 { try Data("same \(index)".utf8).write(to: s.dir.appendingPathComponent("same-\(index)")) }
        let both = Self.concurrently(2) { index in try s.run(["vault", "put", "same-\(index)", "/f/same.txt"]) }
        #expect(both.contains { $0?.status == 0 })
        let lines = s.out(try s.run(["vault", "ls", "/f"])).split(separator: "\n").filter { $0.hasSuffix("\tsame.txt") }
        #expect(lines.count == 1)
        let got = try s.run(["vault", "get", "/f/same.txt"]).stdout
        #expect(got == Data("same 0".utf8) || got == Data("same 1".utf8))
        let verified = try s.run(["vault", "verify", "/"])
        #expect(verified.status == 0, "\(verified.stderr)")
    }
}
