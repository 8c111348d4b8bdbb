// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Binary output is refused on a terminal by every command that writes a product to stdout, as
/// `encrypt` already did; text still shows, and `-o -` writes anyway. Run under a pseudo-terminal (python3's pty).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct TerminalOutputCLITests {
    /// (exit status, what the terminal showed): coffer with stdin, stdout and stderr on a new pseudo-terminal.
    func onTerminal(_ f: CLIFixture, _ arguments: [String]) throws -> (Int32, String) {
        let result = try CLIHarness.runOnTerminal(
            "/usr/bin/env", f.environment() + [CLIHarness.coffer] + arguments, in: f.dir)
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    @Test func binaryIsRefusedTextShowsAndDashOWritesAnyway() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        var binary = CLIHarness.bytes(3000)
        binary[0] = 0x1B  // an escape sequence, first
        try binary.write(to: f.dir.appendingPathComponent("bin"))
        let pass = ["--passphrase-file", "p1"]
        try f.ok(["encrypt", "-r", f.recipient, "-o", "bin.age", "bin"])
        try f.ok(["vault", "put", "bin", "/bin"] + pass)
        try f.ok(["vault", "mkdir", "/team"] + pass)
        try f.ok(["vault", "put", "bin", "/team/bin"] + pass)
        let fileLink = try f.ok(["link", "create", "-i", "key.txt", "bin.age"])
        try Data(fileLink.utf8).write(to: f.dir.appendingPathComponent("bin-link.txt"))
        let folderLink = try f.ok(["vault", "link", "create", "/team"] + pass)
        try Data(folderLink.utf8).write(to: f.dir.appendingPathComponent("team-link.txt"))

        let binaryCommands: [[String]] = [
            ["decrypt", "-i", "key.txt", "bin.age"],
            ["vault", "get", "/bin"] + pass,
            ["link", "open", "--link-file", "bin-link.txt", "bin.age"],
            ["vault", "link", "open", "--link-file", "team-link.txt", "get", "/bin"],
            ["vault", "export", "/a.txt", "--to", f.recipient] + pass,
            ["encrypt", "-r", f.recipient, "plain"],
        ]
        for command in binaryCommands {
            let (status, shown) = try onTerminal(f, command)
            #expect(status == 1, "\(command) wrote binary to the terminal")
            #expect(shown.contains("refusing to write binary"), "\(command): \(shown)")
            #expect(!shown.contains("\u{1B}"), "\(command): bytes reached the terminal")
        }
        // Text plaintext shows on the terminal.
        for command in [["decrypt", "-i", "key.txt", "c.age"], ["vault", "get", "/a.txt"] + pass] {
            let (status, shown) = try onTerminal(f, command)
            #expect(status == 0 && shown.contains("hello"), "\(command): \(shown)")
        }
        // -o - is stdout on purpose: written, terminal or not.
        let forced = [["decrypt", "-i", "key.txt", "-o", "-", "bin.age"], ["vault", "get", "/bin", "-o", "-"] + pass]
        for command in forced {
            let (status, shown) = try onTerminal(f, command)
            #expect(status == 0 && shown.contains("\u{1B}"), "\(command): \(status)")
        }
        // Through a pipe nothing changes: the bytes, whole.
        #expect(try f.run(["decrypt", "-i", "key.txt", "bin.age"]).stdout == binary)
        #expect(try f.run(["decrypt", "-i", "key.txt", "-o", "-", "bin.age"]).stdout == binary)
    }
}
