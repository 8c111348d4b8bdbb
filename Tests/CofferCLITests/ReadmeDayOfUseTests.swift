// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// README's "A day of use": the ```sh block after the `<!-- day-of-use -->` marker, run by bash as
/// written, in a scratch directory with `coffer` first on the `PATH`, after Alice and Bob made accounts, verified
/// each other and made their vaults. One change: `coffer agent add` reads the passphrase from a file (the test has
/// no terminal). Then what the day should have left: the first draft read back as version 1, a link printed, the
/// agent gone, and Bob, a reader, reading the folder (the trashed file restored) while his write is refused.
@Suite struct ReadmeDayOfUseTests {
    struct MissingBlock: Error {}

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    static func block() throws -> String {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "<!-- day-of-use -->\n```sh\n"),
            let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
        else { throw MissingBlock() }
        return String(text[start.upperBound..<end.lowerBound]) + "\n"
    }

    @Test func theDayOfUseRunsAsWritten() throws {
        let block = try Self.block()
        #expect(block.contains("coffer agent add "), "the block no longer adds the account to the agent")
        let script =
            "set -euo pipefail\n"
            + block.replacingOccurrences(of: "coffer agent add ", with: "coffer agent add --passphrase-file a.pw ")
        // Alice (a) and Bob (b), each the other's verified contact under the names the README uses, and their vaults.
        let s = try VaultCLITests.twoPeople(vault: [], names: ("alice", "bob"))
        defer { try? FileManager.default.removeItem(at: s.dir) }
        for who in ["a", "b"] { #expect(try s.run(["vault", "init"], who).status == 0) }
        let project = s.dir.appendingPathComponent("project")
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent("plans"), withIntermediateDirectories: true)
        try Data("first draft\n".utf8).write(to: project.appendingPathComponent("draft.txt"))
        try Data("old notes\n".utf8).write(to: project.appendingPathComponent("old-notes.txt"))
        try Data("a plan\n".utf8).write(to: project.appendingPathComponent("plans/q1.txt"))
        try Data(script.utf8).write(to: s.dir.appendingPathComponent("day.sh"))

        // The agent's socket in a directory only this user can enter (the agent refuses any other).
        let run = s.dir.appendingPathComponent("run")
        try FileManager.default.createDirectory(
            at: run, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let bin = URL(fileURLWithPath: CLIHarness.coffer).deletingLastPathComponent().path
        let environment = [
            "PATH=\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
            "COFFER_STORE=\(s.dir.path)/store", "COFFER_DEVICE=\(s.dir.path)/dev-a",
            "COFFER_AGENT_SOCK=\(run.path)/agent.sock",
        ]
        // In a session of its own, as AgentCLITests runs the agent; stopped whatever happens.
        func shell(_ arguments: [String]) throws -> CLIHarness.Result {
            try CLIHarness.run(
                "/usr/bin/setsid", ["-w", "/usr/bin/env", "-u", "COFFER_VAULT"] + environment + arguments, in: s.dir)
        }
        defer { _ = try? shell([CLIHarness.coffer, "agent", "stop"]) }
        let day = try shell(["/bin/bash", "day.sh"])
        #expect(day.status == 0, "\(day.stderr)")

        #expect(try Data(contentsOf: s.dir.appendingPathComponent("first-draft.txt")) == Data("first draft\n".utf8))
        let link = try String(contentsOf: s.dir.appendingPathComponent("project-link.txt"), encoding: .utf8)
        #expect(link.hasPrefix("https://"), "\(link)")
        let status = try shell([CLIHarness.coffer, "agent", "status"])
        #expect(status.status == 1 && status.stderr.contains("no agent is running"), "\(status.stderr)")

        // Bob accepts the share and reads the day's state; as a reader he can change nothing.
        #expect(try s.run(["vault", "accept", "--from", "alice", "--as", "project"], "b").status == 0)
        #expect(try s.run(["vault", "get", "@project/draft.txt"], "b").stdout == Data("second draft\n".utf8))
        #expect(try s.run(["vault", "get", "@project/old-notes.txt"], "b").stdout == Data("old notes\n".utf8))
        #expect(try s.run(["vault", "get", "@project/plans/q1.txt"], "b").stdout == Data("a plan\n".utf8))
        let write = try s.run(["vault", "put", "project/draft.txt", "@project/mine.txt"], "b")
        #expect(write.status == 1 && write.stderr.contains("reader"), "\(write.stderr)")
    }
}
