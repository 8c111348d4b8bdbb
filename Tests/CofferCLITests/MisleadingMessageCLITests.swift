// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Four messages that used to send people the wrong way, each now saying what happened.
@Suite(.serialized) struct MisleadingMessageCLITests {
    static let pass = ["--passphrase-file", "p1"]

    /// `vault export /team --to … -o exp/` with exp/ missing: the folder is exported into a new exp/ (it used to
    /// say "/team is not a file"); a file with `-o out/` goes into a new out/ as well.
    @Test func exportIntoAMissingDirectoryCreatesIt() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "/team"] + Self.pass)
        try f.ok(["vault", "put", "plain", "/team/n.txt"] + Self.pass)
        let folder = try f.run(["vault", "export", "/team", "--to", f.recipient, "-o", "exp/"] + Self.pass)
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(!folder.stderr.contains("is not a file"))
        #expect(FileManager.default.fileExists(atPath: f.path("exp/team/n.txt.age")))
        let file = try f.run(["vault", "export", "/a.txt", "--to", f.recipient, "-o", "out/"] + Self.pass)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(try f.ok(["decrypt", "-i", "key.txt", "out/a.txt.age"]) == "hello\n")
        let deeper = try f.run(["vault", "export", "/team", "--to", f.recipient, "-o", "no/such/dir/"] + Self.pass)
        #expect(deeper.status == 1 && deeper.stderr.contains("cannot create the directory"), "\(deeper.stderr)")
    }

    /// `vault link open --link-file F` without --vault: the link is looked for in the default store, which is not
    /// where it was made. It used to say the link was revoked.
    @Test func aLinkOpenedInTheWrongVaultSaysWhereItLooked() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["vault", "mkdir", "/team"] + Self.pass)
        try Data(try f.ok(["vault", "link", "create", "/team"] + Self.pass).utf8)
            .write(to: f.dir.appendingPathComponent("vlink.txt"))
        let elsewhere = f.path("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let noVault = try CLIHarness.run(
            "/usr/bin/env",
            [
                "-u", "COFFER_VAULT", "COFFER_STORE=\(elsewhere)", CLIHarness.coffer, "vault", "link", "open",
                "--link-file", "vlink.txt",
            ], in: f.dir)
        #expect(noVault.status == 1)
        #expect(noVault.stderr.contains("is not in \(elsewhere) (no --vault given)"), "\(noVault.stderr)")
        #expect(noVault.stderr.contains("hint: give the vault directory the link was made in: --vault DIR"))
        #expect(!noVault.stderr.contains("revoked"))
        let missing = try f.run(["vault", "link", "open", "--link-file", "vlink.txt", "--vault", f.path("nope")])
        #expect(missing.status == 1 && missing.stderr.contains("no vault directory at"), "\(missing.stderr)")
        let named = try f.run(["vault", "link", "open", "--link-file", "vlink.txt", "--vault", elsewhere])
        #expect(named.stderr.contains("if it is, the link was revoked"), "\(named.stderr)")
        #expect(try f.run(["vault", "link", "open", "--link-file", "vlink.txt", "--vault", f.store]).status == 0)
    }

    /// `link create -i key p.age` on a passphrase-encrypted file: no hint names --passphrase-file (link create has
    /// none); the hint says what kind of file it is.
    @Test func linkCreateOnAPassphraseFileNamesNoFlagItLacks() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.ok(["encrypt", "--passphrase-file", "p1", "-o", "p.age", "plain"])
        let made = try f.run(["link", "create", "-i", "key.txt", "p.age"])
        #expect(made.status == 1)
        #expect(!made.stderr.contains("--passphrase-file FILE.") && !made.stderr.contains("or a passphrase file"))
        #expect(made.stderr.contains("hint: this file is protected by a passphrase (scrypt)"), "\(made.stderr)")
        // A file for another identity gets the -i hint only.
        try f.ok(["keygen", "-o", "other.txt"])
        let other = try f.run(["decrypt", "-i", "other.txt", "c.age"])
        #expect(other.stderr.contains("hint: pass the identity file this file was encrypted to with -i\n"))
    }

    /// `account show --bundle` prints what `contact add` takes as is; the whole `account show` output is explained.
    @Test func accountShowBundleFeedsContactAdd() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let bundle = try f.ok(["account", "show", "--bundle"])
        #expect(bundle.hasPrefix("coffer-identity1") && bundle.hasSuffix("\n"))
        #expect(bundle.split(separator: "\n").count == 1)
        try Data(bundle.utf8).write(to: f.dir.appendingPathComponent("b.txt"))
        #expect(try f.ok(["contact", "add", "me", "--bundle-file", "b.txt"]) == f.fingerprint + "\n")
        let piped = try f.run(["contact", "add", "me2", "--bundle-file", "-"], stdin: Data(bundle.utf8))
        #expect(piped.status == 0, "\(piped.stderr)")
        try Data(try f.ok(["account", "show"]).utf8).write(to: f.dir.appendingPathComponent("all.txt"))
        let whole = try f.run(["contact", "add", "me3", "--bundle-file", "all.txt"])
        #expect(whole.status == 1)
        #expect(
            whole.stderr.hasPrefix(
                "coffer: \"all.txt\" holds the whole output of coffer account show, not just the bundle\n"))
        #expect(whole.stderr.contains("hint: ask for the bundle alone: coffer account show --bundle"))
        #expect(!whole.stderr.contains("Bech32") && !whole.stderr.lowercased().contains("checksum"))
        let junk = try f.run(["contact", "add", "me4", "hello"])
        #expect(junk.status == 1 && junk.stderr.contains("is not an identity bundle"), "\(junk.stderr)")
    }
}
