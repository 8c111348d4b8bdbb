// SPDX-License-Identifier: MIT
// `coffer link open --password` (`--password` wherever `--password-file` exists): the password is typed on
// a terminal (python3's pty answers the prompt), never taken from argv; without a terminal it fails before reading
// anything, with the links' words; with --password-file as well it is a usage error.
import Foundation
import Testing

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct LinkOpenPasswordPromptCLITests {
    /// (exit status, what the terminal showed): coffer on a pseudo-terminal that types `answer` at the prompt.
    func onTerminal(_ f: CLIFixture, typing answer: String, _ arguments: [String]) throws -> (Int32, String) {
        try Data((answer + "\n").utf8).write(to: f.dir.appendingPathComponent("typed"))
        let result = try CLIHarness.runOnTerminal(
            "/usr/bin/env", f.environment() + [CLIHarness.coffer] + arguments, typing: "password:", from: "typed",
            in: f.dir)
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    @Test func theRightPasswordTypedOnTheTerminalOpensTheLink() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let (status, shown) = try onTerminal(
            f, typing: "link password", ["link", "open", "--password", "--link-file", "link.txt", "-o", "out", "f.age"])
        #expect(status == 0, "\(shown)")
        #expect(shown.contains("Link password:"))
        #expect(!shown.contains("link password"), "the typed password must not echo")
        #expect(try Data(contentsOf: f.dir.appendingPathComponent("out")) == Data("hello\n".utf8))
    }

    @Test func aWrongPasswordTypedOnTheTerminalWritesNothing() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let (status, shown) = try onTerminal(
            f, typing: "not the password",
            ["link", "open", "--password", "--link-file", "link.txt", "-o", "out", "f.age"])
        #expect(status == 1, "\(shown)")
        #expect(shown.lowercased().contains("password"))
        #expect(!FileManager.default.fileExists(atPath: f.path("out")))
    }

    @Test func withoutATerminalItFailsWithTheLinksWords() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        // setsid: a new session, so no controlling terminal even when the tests run from one.
        let result = try CLIHarness.run(
            "/usr/bin/setsid",
            ["-w", "/usr/bin/env"] + f.environment()
                + [CLIHarness.coffer, "link", "open", "--password", "--link-file", "link.txt", "-o", "out", "f.age"],
            in: f.dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no terminal to ask for the link's password"), "\(result.stderr)")
        #expect(result.stderr.contains("--password-file"))
        #expect(!FileManager.default.fileExists(atPath: f.path("out")))
    }

    @Test func passwordAndPasswordFileTogetherAreAUsageError() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let result = try f.run([
            "link", "open", "--password", "--password-file", "lp", "--link-file", "link.txt", "f.age",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("use --password or --password-file, not both"), "\(result.stderr)")
    }
}
