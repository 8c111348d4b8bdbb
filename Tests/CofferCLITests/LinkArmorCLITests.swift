// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Links and ASCII armor (Spec/links.md §4): readers find link stanzas in an armored file's header as in a binary
/// one (`link open`, `link list`); writers (`link create`, `link revoke`) take binary files only.
@Suite struct LinkArmorCLITests {
    /// `f.age` armored as age armors (PEM, standard base64 with padding, 64 columns, LF).
    static func armor(_ dir: URL) throws {
        let binary = try Data(contentsOf: dir.appendingPathComponent("f.age"))
        let body = binary.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        let text = "-----BEGIN AGE ENCRYPTED FILE-----\n\(body)\n-----END AGE ENCRYPTED FILE-----\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("f.asc"))
    }

    @Test(arguments: [false, true])
    func linkOpenAndListReadAnArmoredFile(password: Bool) throws {
        let (dir, plaintext) = try LinkCLITests.setUp(size: 70000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pw = password ? ["--password-file", "pw.txt"] : []
        let link = try LinkCLITests.create(dir, pw)
        try Self.armor(dir)
        let opened = try LinkCLITests.open(dir, ["--link-file", "link.txt"] + pw + ["f.asc"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout == plaintext)
        let listed = try CLIHarness.run(CLIHarness.coffer, ["link", "list", "f.asc"], in: dir)
        #expect(listed.status == 0, "\(listed.stderr)")
        let lookup = String(link.split(separator: "/").last!.split(separator: "#").first!)
        #expect(String(decoding: listed.stdout, as: UTF8.self).hasPrefix(lookup))
    }

    @Test func linkCreateAndRevokeRefuseAnArmoredFile() throws {
        let (dir, _) = try LinkCLITests.setUp(size: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = try LinkCLITests.create(dir)
        try Self.armor(dir)
        let before = try Data(contentsOf: dir.appendingPathComponent("f.asc"))
        let created = try CLIHarness.run(CLIHarness.coffer, ["link", "create", "-i", "key.txt", "f.asc"], in: dir)
        #expect(created.status != 0 && created.stderr.contains("armored"), "\(created.stderr)")
        let lookup = String(link.split(separator: "/").last!.split(separator: "#").first!)
        let revoked = try CLIHarness.run(
            CLIHarness.coffer, ["link", "revoke", "-i", "key.txt", "--", lookup, "f.asc"], in: dir)
        #expect(revoked.status != 0 && revoked.stderr.contains("armored"), "\(revoked.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("f.asc")) == before)
    }
}
