// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// The passphrase-file rule of Spec/accounts.md §3.1, through the built `coffer`: the passphrase is the bytes of
/// the file's first line — everything before the first LF, or the whole file without one — with one CR at its end
/// removed; an empty first line is refused. An account created from `first\nsecond\n` unlocks with every file
/// whose first line is `first`.
@Suite struct PassphraseFileRuleTests {
    let directory: URL

    init() throws { directory = try CLIHarness.scratch() }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func coffer(_ arguments: String...) throws -> CLIHarness.Result {
        try CLIHarness.run(
            CLIHarness.coffer,
            arguments + [
                "--store", directory.appendingPathComponent("store").path, "--device",
                directory.appendingPathComponent("device").path,
            ], in: directory)
    }

    func unlock(_ bytes: [UInt8]) throws -> CLIHarness.Result {
        try coffer("account", "unlock", "--passphrase-file", try file("try-\(UUID().uuidString)", bytes))
    }

    @Test func onlyTheFirstLineWithoutItsLineEndingIsThePassphrase() throws {
        // A passphrase new accounts accept (PassphraseStrength: at least 12 characters, 5 different).
        let first = "tractor battery first"
        let created = try coffer(
            "account", "create", "--passphrase-file", try file("create", Array("\(first)\nsecond\n".utf8)),
            "--recovery-key-file", directory.appendingPathComponent("recovery").path)
        #expect(created.status == 0, "\(created.stderr)")
        // The same first line, whatever follows it and whichever line ending it has.
        for same in ["", "\n", "\r\n", "\r", "\nsecond\n", "\r\nsecond", "\n\n"].map({ first + $0 }) {
            let outcome = try unlock(Array(same.utf8))
            #expect(outcome.status == 0, "\(same.debugDescription): \(outcome.stderr)")
        }
        // Anything else on the first line is another passphrase: nothing is trimmed but the line ending.
        let others = ["\(first) ", " \(first)", "\(first)\r\r\n", "\(first)\r\r", "\(first)\tx\n", "\(first)second"]
        for other in others + ["Tractor battery first\n"] {
            let outcome = try unlock(Array(other.utf8))
            #expect(outcome.status != 0, "\(other.debugDescription) unlocked")
            #expect(
                outcome.stderr.contains("wrong passphrase") || outcome.stderr.contains("password"),
                "\(other.debugDescription): \(outcome.stderr)")
        }
    }

    @Test func anEmptyFirstLineIsRefusedBeforeAnyKDF() throws {
        for empty in ["", "\n", "\r\n", "\nfirst\n"] {
            let outcome = try coffer(
                "account", "create", "--passphrase-file", try file("empty-\(UUID().uuidString)", Array(empty.utf8)),
                "--recovery-key-file", directory.appendingPathComponent("recovery-\(UUID().uuidString)").path)
            #expect(outcome.status != 0, "\(empty.debugDescription) was accepted")
            #expect(outcome.stderr.contains("empty"), "\(empty.debugDescription): \(outcome.stderr)")
        }
    }
}
