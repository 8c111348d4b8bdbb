// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Real processes killed with SIGKILL (Spec/vault.md §10.8–§10.9): `coffer vault put` of a large new version and
/// `coffer vault unshare` of a folder with a subfolder, each killed at several points of a clean run's duration.
/// After each kill `verify` passes, every file reads (the put's file holds its old or its new content), and running
/// the command again — or, for the unshare, `vault repair` — completes it; the removed member then reads nothing.
@Suite(.serialized) struct VaultKillCLITests {
    /// Fractions of a clean run's duration at which the process is killed.
    static let fractions = [0.3, 0.6, 0.75, 0.85, 0.9, 0.95, 0.99]

    /// Starts `coffer arguments` as `who` and kills it with SIGKILL after `delay` seconds; true if it was killed
    /// (false if it had exited already).
    static func kill(_ s: VaultCLITests.Setup, _ arguments: [String], _ who: String = "a", after delay: Double)
        throws -> Bool
    {
        try kill(s, arguments, who) { elapsed in elapsed >= delay }
    }

    /// Starts `coffer arguments` and kills it with SIGKILL once at least `count` names (records or temporary files)
    /// appeared in the vault directory that were not there before; true if it was killed.
    static func kill(_ s: VaultCLITests.Setup, _ arguments: [String], whenNewNames count: Int) throws -> Bool {
        let vault = s.dir.appendingPathComponent("vault").path
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: vault))
        return try kill(s, arguments, "a") { _ in
            let now = (try? FileManager.default.contentsOfDirectory(atPath: vault)) ?? []
            return Set(now).subtracting(before).count >= count
        }
    }

    static func kill(
        _ s: VaultCLITests.Setup, _ arguments: [String], _ who: String, when ready: (Double) -> Bool
    ) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.coffer)
        process.arguments =
            arguments + [
                "--store", "store", "--device", "dev-\(who)", "--passphrase-file", "\(who).pw", "--vault", "vault",
            ]
        process.currentDirectoryURL = s.dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        while process.isRunning && !ready(Date().timeIntervalSince(start)) { usleep(500) }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    static func verified(_ s: VaultCLITests.Setup, _ label: String) throws {
        let result = try s.run(["vault", "verify", "/"])
        #expect(result.status == 0, "\(label): \(result.stderr)")
    }

    @Test func killedDuringALargePut() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/f"]).status == 0)
        try Data("small".utf8).write(to: s.dir.appendingPathComponent("small"))
        #expect(try s.run(["vault", "put", "small", "/f/small.txt"]).status == 0)
        var current = CLIHarness.bytes(24 << 20)
        try current.write(to: s.dir.appendingPathComponent("big"))
        let clean = try Self.seconds { () throws in
            let result = try s.run(["vault", "put", "big", "/f/big.bin"])
            #expect(result.status == 0)
        }
        var killed = 0
        // Killed at points of the clean run's duration, then as the 1st…5th new name (node record, temporary
        // file of the body, the body, …) appears in the vault directory.
        let points = Self.fractions.map { ($0, 0) } + (1...5).map { (0.0, $0) }
        for (index, (fraction, names)) in points.enumerated() {
            let label = "put killed at \(fraction) of \(clean) s or at new name \(names)"
            var next = current
            next[index] ^= 0xff
            try next.write(to: s.dir.appendingPathComponent("big"))
            let arguments = ["vault", "put", "big", "/f/big.bin"]
            let wasKilled =
                names > 0
                ? try Self.kill(s, arguments, whenNewNames: names)
                : try Self.kill(s, arguments, after: clean * fraction)
            if wasKilled { killed += 1 }
            try Self.verified(s, label)
            let got = try s.run(["vault", "get", "/f/big.bin"]).stdout
            #expect(got == current || got == next, "\(label): neither the old nor the new content")
            #expect(try s.run(["vault", "get", "/f/small.txt"]).stdout == Data("small".utf8), "\(label)")
            #expect(try s.run(["vault", "put", "big", "/f/big.bin"]).status == 0, "\(label), run again")
            #expect(try s.run(["vault", "get", "/f/big.bin"]).stdout == next, "\(label), run again")
            current = next
        }
        #expect(try s.run(["vault", "gc", "--grace-minutes", "10"]).status == 0)
        try Self.verified(s, "after gc")
        print("VaultKillCLITests: \(killed) of \(points.count) large puts killed (clean run \(clean) s)")
        #expect(killed >= 4)
    }

    @Test func killedDuringAnUnshare() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        for folder in ["/team", "/team/sub", "/team/sub/deeper"] {
            #expect(try s.run(["vault", "mkdir", folder]).status == 0)
        }
        try Data("one".utf8).write(to: s.dir.appendingPathComponent("one"))
        for file in ["/team/one.txt", "/team/sub/one.txt"] {
            #expect(try s.run(["vault", "put", "one", file]).status == 0)
        }
        func shareWithBob() throws {
            #expect(try s.run(["vault", "share", "/team", "--with", "b"]).status == 0)
            #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
            #expect(try s.run(["vault", "get", "@team/one.txt"], "b").status == 0)
        }
        try shareWithBob()
        let clean = try Self.seconds { () throws in
            let result = try s.run(["vault", "unshare", "/team", "--member", "b"])
            #expect(result.status == 0)
        }
        var (killed, repaired) = (0, 0)
        for (index, fraction) in Self.fractions.enumerated() {
            let label = "unshare killed at \(fraction) of \(clean) s"
            try shareWithBob()
            if try Self.kill(s, ["vault", "unshare", "/team", "--member", "b"], after: clean * fraction) {
                killed += 1
            }
            try Self.verified(s, label)
            #expect(try s.run(["vault", "get", "/team/sub/one.txt"]).stdout == Data("one".utf8), "\(label)")
            let repair = try s.run(["vault", "repair"])
            #expect(repair.status == 0, "\(label): \(repair.stderr)")
            if s.out(repair).hasPrefix("repaired") { repaired += 1 }
            if try s.run(["vault", "get", "@team/one.txt"], "b").status == 0 {
                // Killed before its intent record: nothing was started, so the command is run again.
                #expect(try s.run(["vault", "unshare", "/team", "--member", "b"]).status == 0, "\(label)")
            }
            try Data("after \(index)".utf8).write(to: s.dir.appendingPathComponent("after"))
            #expect(try s.run(["vault", "put", "after", "/team/sub/after-\(index)"]).status == 0)
            #expect(try s.run(["vault", "get", "@team/sub/after-\(index)"], "b").status != 0, "\(label)")
            #expect(try s.run(["vault", "get", "/team/sub/after-\(index)"]).stdout == Data("after \(index)".utf8))
            try Self.verified(s, "\(label), repaired")
        }
        print(
            "VaultKillCLITests: \(killed) of \(Self.fractions.count) unshares killed (clean run \(clean) s), "
                + "\(repaired) completed by vault repair")
    }
}
