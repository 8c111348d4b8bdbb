// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `--json` (Spec/cli-json.md, schema 1): every document parsed, its schema, command and fields checked against
/// the text output of the same state; a failure writes no document.
@Suite(.serialized) struct JSONOutputCLITests {
    static let pass = ["--passphrase-file", "p1"]

    /// The one object on stdout, which must be a single line.
    func document(_ f: CLIFixture, _ arguments: [String], command: String) throws -> [String: Any] {
        let out = try f.ok(arguments)
        #expect(out.hasSuffix("\n") && out.split(separator: "\n").count == 1, "\(out)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        #expect(object["command"] as? String == command)
        return object
    }

    @Test func vaultLsAndVerify() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let odd = "say \"hi\" \\ r\u{202E}txt.exe"
        try f.ok(["vault", "mkdir", "/team"] + Self.pass)
        try f.ok(["vault", "put", "plain", "/team/\(odd)"] + Self.pass)
        let root = try document(f, ["vault", "ls", "/", "--json"] + Self.pass, command: "vault ls")
        #expect(root["path"] as? String == "/")
        let entries = try #require(root["entries"] as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["a.txt", "team"])
        #expect(entries.map { $0["kind"] as? String } == ["file", "folder"])
        let file = entries[0]
        #expect(file["size"] as? Int == 6 && file["version"] as? Int == 1)
        #expect((file["id"] as? String)?.count == 32 && file["writer"] as? String == f.accountID)
        #expect(file["modified"] is Int && file["contentType"] is String)
        let long = try f.ok(["vault", "ls", "/", "-l"] + Self.pass).split(separator: "\n")[0].split(separator: "\t")
        #expect(String(long[4]) == file["id"] as? String)
        // A name is given exactly (the text output escapes it).
        let team = try document(f, ["vault", "ls", "/team", "--json"] + Self.pass, command: "vault ls")
        #expect((team["entries"] as? [[String: Any]])?.first?["name"] as? String == odd)
        #expect(try f.ok(["vault", "ls", "/team"] + Self.pass).contains("r\\u{202E}txt.exe"))
        let verified = try document(f, ["vault", "verify", "--json"] + Self.pass, command: "vault verify")
        let text = try f.ok(["vault", "verify"] + Self.pass)
        #expect(verified["ok"] as? Bool == true && verified["path"] as? String == "/")
        let (files, bytes) = (verified["files"] as? Int ?? -1, verified["plaintextBytes"] as? Int ?? -1)
        #expect(text.contains("\(files) files, \(bytes) bytes"), "\(text)")
        #expect(verified["files"] as? Int == 2)
        // A failure: a message, exit 1, nothing on stdout.
        let missing = try f.run(["vault", "ls", "/nope", "--json"] + Self.pass)
        #expect(missing.status == 1 && missing.stdout.isEmpty && missing.stderr.hasPrefix("coffer: "))
    }

    @Test func accountShowAndLinkLists() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let shown = try document(f, ["account", "show", "--json"], command: "account show")
        #expect(shown["account"] as? String == f.accountID && shown["fingerprint"] as? String == f.fingerprint)
        #expect(shown["bundle"] as? String == (try f.ok(["account", "show", "--bundle"])).dropLast().description)
        #expect(try f.run(["account", "show", "--json", "--bundle"]).status == 64)

        let links = try document(f, ["link", "list", "f.age", "--json"], command: "link list")
        let link = try #require((links["links"] as? [[String: Any]])?.first)
        #expect(links["file"] as? String == "f.age")
        #expect(link["target"] as? String == "file" && link["password"] as? Bool == true)
        #expect(f.link.contains(try #require(link["lookupID"] as? String)))
        #expect((link["expires"] as? [String: Any])?["unix"] as? Int == 0)
        #expect((link["expires"] as? [String: Any])?["text"] as? String == "never")
        let none = try document(f, ["link", "list", "c.age", "--json"], command: "link list")
        #expect((none["links"] as? [Any])?.isEmpty == true)

        try f.ok(["vault", "mkdir", "/team"] + Self.pass)
        let made = try f.ok(["vault", "link", "create", "/team", "--expires", "7d"] + Self.pass)
        let stored = try document(f, ["vault", "link", "list", "--json"] + Self.pass, command: "vault link list")
        let vaultLink = try #require((stored["links"] as? [[String: Any]])?.first)
        #expect(made.contains(try #require(vaultLink["lookupID"] as? String)))
        #expect(vaultLink["password"] as? Bool == false && vaultLink["epoch"] is Int)
        #expect((vaultLink["folder"] as? String)?.count == 32)
        let expires = try #require((vaultLink["expires"] as? [String: Any])?["unix"] as? Int)
        #expect(abs(expires - Int(Date().timeIntervalSince1970) - 7 * 86_400) < 600)
    }

    @Test func inspect() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let binary = try document(f, ["inspect", "c.age", "--json"], command: "inspect")
        #expect(binary["armor"] as? Bool == false && binary["authenticated"] as? Bool == false)
        #expect(binary["format"] as? String == "age-encryption.org/v1")
        let stanzas = try #require(binary["stanzas"] as? [[String: Any]])
        #expect(stanzas.map { $0["type"] as? String } == ["X25519"])
        #expect(stanzas[0]["workFactor"] == nil && stanzas[0]["argumentCount"] as? Int == 1)
        let payload = try #require(binary["payload"] as? [String: Any])
        #expect(payload["plaintextBytes"] as? Int == 6 && payload["chunks"] as? Int == 1)
        #expect(payload["layoutValid"] as? Bool == true)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: f.path("c.age"))[.size] as? Int)
        #expect((binary["headerBytes"] as? Int ?? 0) + 16 + (payload["bytes"] as? Int ?? 0) == size)

        try f.ok(["encrypt", "--passphrase-file", "p1", "-a", "-o", "p.age", "plain"])
        let armored = try document(f, ["inspect", "p.age", "--json"], command: "inspect")
        #expect(armored["armor"] as? Bool == true)
        let scrypt = try #require((armored["stanzas"] as? [[String: Any]])?.first)
        #expect(scrypt["type"] as? String == "scrypt" && (scrypt["workFactor"] as? Int ?? 0) >= 10)
        let text = try f.ok(["inspect", "p.age"])
        #expect(text.contains("work factor 2^\(scrypt["workFactor"] as? Int ?? -1)"))

        // A cut file: the layout is reported invalid, with nulls where nothing can be determined.
        let whole = try Data(contentsOf: f.dir.appendingPathComponent("c.age"))
        try whole.prefix(binary["headerBytes"] as? Int ?? 0).write(to: f.dir.appendingPathComponent("cut.age"))
        let cut = try document(f, ["inspect", "cut.age", "--json"], command: "inspect")
        let cutPayload = try #require(cut["payload"] as? [String: Any])
        #expect(cutPayload["layoutValid"] as? Bool == false && cutPayload["bytes"] is NSNull)
    }
}
