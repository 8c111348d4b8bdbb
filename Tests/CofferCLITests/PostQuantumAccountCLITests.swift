// SPDX-License-Identifier: MIT
import CofferKeys
import CofferSharing
import CofferVectors
import Foundation
import Testing

/// Accounts with a post-quantum key through the CLI: `account create` gives one by default, a share to
/// such an account is a version 2 (MLKEM768-X25519) share record, a classical contact is refused in a
/// post-quantum folder unless allowed, `account add-pq` upgrades an older account and `contact add` its pin, and a
/// pin never goes back to a bundle without the key.
@Suite(.serialized) struct PostQuantumAccountCLITests {
    typealias Setup = VaultCLITests.Setup

    /// Creates account `who` (classical with `--classical`) and returns (account id, bundle, fingerprint).
    static func create(_ s: Setup, _ who: String, classical: Bool = false) throws -> (String, String, String) {
        try Data("\(who) passphrase\n".utf8).write(to: s.dir.appendingPathComponent("\(who).pw"))
        let created = try s.plain(
            ["account", "create", "--device", "dev-\(who)", "--passphrase-file", "\(who).pw"] + s.store
                + (classical ? ["--classical"] : []))
        #expect(created.status == 0, "\(created.stderr)")
        return try show(s, who)
    }

    static func show(_ s: Setup, _ who: String) throws -> (String, String, String) {
        let lines = s.out(try s.plain(["account", "show", "--device", "dev-\(who)"] + s.store)).split(separator: "\n")
        func field(_ name: String) -> String {
            String(lines.first { $0.hasPrefix(name + " ") }!.dropFirst(name.count + 1))
        }
        return (field("account"), field("bundle"), field("fingerprint"))
    }

    static func pin(_ s: Setup, _ contact: String, by me: String, bundle: String, fingerprint: String) throws {
        let device = s.store + ["--device", "dev-\(me)"]
        #expect(try s.plain(["contact", "add", contact, bundle] + device).status == 0)
        #expect(try s.plain(["contact", "verify", contact, "--fingerprint", fingerprint] + device).status == 0)
    }

    /// The share record of `folder` for `account` (hex ids), as the vault directory holds it.
    static func shareRecord(_ s: Setup, folder: String, to account: String) throws -> [UInt8] {
        Array(try Data(contentsOf: s.dir.appendingPathComponent("vault/\(folder).share-\(account)")))
    }

    @Test func sharingToAPostQuantumAccountWritesAHybridRecord() throws {
        var s = Setup(dir: try CLIHarness.scratch())
        s.store = ["--store", "store"]
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let (a, aBundle, aPrint) = try Self.create(s, "a")
        let (b, bBundle, bPrint) = try Self.create(s, "b")
        let bParsed = try IdentityBundle(text: bBundle)
        #expect(bParsed.encoded.count == 1365 && bParsed.version == 2)
        try Self.pin(s, "b", by: "a", bundle: bBundle, fingerprint: bPrint)
        try Self.pin(s, "a", by: "b", bundle: aBundle, fingerprint: aPrint)
        try Data("plan".utf8).write(to: s.dir.appendingPathComponent("plan.txt"))
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(try s.run(["vault", "put", "plan.txt", "/team/plan.txt"]).status == 0)
        let shared = try s.run(["vault", "share", "/team", "--with", "b"])
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(shared.stderr.contains("post-quantum"))
        let folder = s.out(shared).trimmingCharacters(in: .whitespacesAndNewlines)

        // The bytes: "CFVS", version 2, owner a, the folder, recipient b, epoch 1, a 1,120-byte X-Wing encapsulation,
        // then BE32(len) and the sealed folder key and name "team" (24 + 32 + 2 + 4 + 16 = 78), signer and signature.
        let record = try Self.shareRecord(s, folder: folder, to: b)
        #expect(Array(record[0..<5]) == Array("CFVS".utf8) + [2])
        #expect(Hex.encode(Array(record[5..<21])) == a && Hex.encode(Array(record[21..<37])) == folder)
        #expect(Hex.encode(Array(record[37..<53])) == b && Array(record[53..<57]) == [0, 0, 0, 1])
        #expect(Array(record[1177..<1181]) == [0, 0, 0, 78])
        #expect(record.count == 5 + 52 + 1120 + 4 + 78 + 16 + 64)
        #expect(try ShareRecord(parsing: record).isPostQuantum)

        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
        let got = try s.run(["vault", "get", "@team/plan.txt"], "b")
        #expect(got.status == 0 && got.stdout == Data("plan".utf8), "\(got.stderr)")

        // A classical account: refused in this post-quantum folder, unless allowed (then an X25519 record).
        let (c, cBundle, cPrint) = try Self.create(s, "c", classical: true)
        #expect(try IdentityBundle(text: cBundle).encoded.count == 149)
        try Self.pin(s, "c", by: "a", bundle: cBundle, fingerprint: cPrint)
        try Self.pin(s, "a", by: "c", bundle: aBundle, fingerprint: aPrint)
        let refused = try s.run(["vault", "share", "/team", "--with", "c"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--allow-classical"), "\(refused.stderr)")
        let cShare = s.dir.appendingPathComponent("vault/\(folder).share-\(c)")
        #expect(!FileManager.default.fileExists(atPath: cShare.path))
        #expect(try s.run(["vault", "share", "/team", "--with", "c", "--allow-classical"]).status == 0)
        #expect(try Self.shareRecord(s, folder: folder, to: c)[4] == 1)
        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "c").status == 0)
        #expect(try s.run(["vault", "get", "@team/plan.txt"], "c").stdout == Data("plan".utf8))

        // c adds a post-quantum key: same id and fingerprint, a version 2 bundle; the old share keeps reading.
        let addPQ = ["account", "add-pq", "--device", "dev-c", "--passphrase-file", "c.pw"] + s.store
        let upgrade = try s.plain(addPQ)
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        let (c2, cBundle2, cPrint2) = try Self.show(s, "c")
        #expect(c2 == c && cPrint2 == cPrint && cBundle2 != cBundle)
        #expect(try IdentityBundle(text: cBundle2).version == 2)
        let again = try s.plain(addPQ)
        #expect(again.status == 0 && again.stderr.contains("already has a post-quantum key"))
        #expect(try s.run(["vault", "get", "@team/plan.txt"], "c").stdout == Data("plan".utf8))
        // a's pin upgrades in place; the old bundle is then refused as a downgrade.
        let device = s.store + ["--device", "dev-a"]
        let upgraded = try s.plain(["contact", "add", "c", cBundle2] + device)
        #expect(upgraded.status == 0)
        #expect(upgraded.stderr.contains("post-quantum key"))
        let downgrade = try s.plain(["contact", "add", "c", cBundle] + device)
        #expect(downgrade.status == 1)
        #expect(downgrade.stderr.contains("without its post-quantum key"))
        // Sharing again replaces c's X25519 record with a post-quantum one, which c opens.
        #expect(try s.run(["vault", "share", "/team", "--with", "c"]).status == 0)
        #expect(try Self.shareRecord(s, folder: folder, to: c)[4] == 2)
        #expect(try s.run(["vault", "get", "@team/plan.txt"], "c").stdout == Data("plan".utf8))
    }
}
