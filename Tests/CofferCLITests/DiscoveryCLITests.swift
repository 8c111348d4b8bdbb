// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Discovery: shell completions, the man page generated from the command tree (`./dev man`), and
/// `coffer vault where` naming the XDG default paths and what overrides them.
@Suite struct DiscoveryCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func env(_ variables: [String], _ arguments: [String]) throws -> CLIHarness.Result {
        try CLIHarness.run(
            "/usr/bin/env",
            ["-u", "COFFER_STORE", "-u", "COFFER_DEVICE", "-u", "COFFER_VAULT", "-u", "XDG_DATA_HOME"] + variables
                + [CLIHarness.coffer] + arguments, in: FileManager.default.temporaryDirectory)
    }

    func text(_ result: CLIHarness.Result) -> String { String(decoding: result.stdout, as: UTF8.self) }

    @Test func completionScriptsForBashZshAndFish() throws {
        for (shell, marker) in [
            ("bash", "-F _coffer coffer"), ("zsh", "#compdef coffer"), ("fish", "complete -c 'coffer'"),
        ] {
            let script = try env([], ["--generate-completion-script", shell])
            #expect(script.status == 0, "\(shell): \(script.stderr)")
            #expect(text(script).contains(marker), "\(shell)")
            #expect(text(script).contains("mkdir") && text(script).contains("where"), "\(shell) lacks subcommands")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func theManPageIsGeneratedFromTheCommandTree() throws {
        let dump = try env([], ["--experimental-dump-help"])
        #expect(dump.status == 0)
        let scratch = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try dump.stdout.write(to: scratch.appendingPathComponent("tree.json"))
        let page = try CLIHarness.run(
            "/bin/sh", ["-c", "python3 \"$0\" < tree.json", Self.root.appendingPathComponent("Tools/manpage.py").path],
            in: scratch)
        #expect(page.status == 0, "\(page.stderr)")
        let man = text(page)
        #expect(man.contains(".TH COFFER 1"))
        for section in ["coffer keygen", "coffer vault mkdir", "coffer vault where", "coffer vault link create"] {
            #expect(man.contains(".SS \"\(section)\""), "no section \(section)")
        }
        #expect(man.contains("Exit codes (every command):"))
        #expect(man.contains("\\-\\-recursive"))
    }

    @Test func vaultWhereNamesEachPathAndWhatChoseIt() throws {
        let xdg = try env(["XDG_DATA_HOME=/data/x"], ["vault", "where"])
        #expect(xdg.status == 0, "\(xdg.stderr)")
        #expect(
            text(xdg) == """
                store /data/x/coffer/store ($XDG_DATA_HOME)
                device /data/x/coffer/device ($XDG_DATA_HOME)
                vault /data/x/coffer/store (the store)

                """)
        let home = try env(["HOME=/home/someone"], ["vault", "where"])
        #expect(text(home).hasPrefix("store /home/someone/.local/share/coffer/store (default, $XDG_DATA_HOME unset)\n"))
        let environment = try env(
            ["XDG_DATA_HOME=/data/x", "COFFER_STORE=/srv/s", "COFFER_DEVICE=/d", "COFFER_VAULT=/v"], ["vault", "where"])
        #expect(
            text(environment) == "store /srv/s ($COFFER_STORE)\ndevice /d ($COFFER_DEVICE)\nvault /v ($COFFER_VAULT)\n")
        let flags = try env(
            ["COFFER_STORE=/srv/s", "COFFER_VAULT=/v"],
            ["vault", "where", "--store", "/a", "--device", "/b", "--vault", "/c"])
        #expect(text(flags) == "store /a (--store)\ndevice /b (--device)\nvault /c (--vault)\n")
        // Nothing is created.
        #expect(!FileManager.default.fileExists(atPath: "/data/x"))
        let help = text(try env([], ["vault", "--help"]))
        #expect(help.contains("coffer vault where"))
        #expect(text(try env([], ["account", "create", "--help"])).contains("$XDG_DATA_HOME/coffer/store"))
    }
}
