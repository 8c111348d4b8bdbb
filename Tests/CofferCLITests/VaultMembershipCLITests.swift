// SPDX-License-Identifier: MIT
// `vault members FOLDER`, `vault shares` (pending and accepted) and `vault leave`, between two accounts
// that verified each other, on a vault directory and through `coffer serve`; text and --json (Spec/cli-json.md).
import Foundation
import Testing

@Suite(.serialized) struct VaultMembershipCLITests {
    typealias Setup = VaultCLITests.Setup

    static func json(_ result: CLIHarness.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    static func lines(_ s: Setup, _ result: CLIHarness.Result) -> [[String]] {
        #expect(result.status == 0, "\(result.stderr)")
        return s.out(result).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    }

    /// a shares /team with b; b sees it pending, accepts, sees it accepted; both list the members; a subfolder
    /// inherits them; b leaves, cannot reach @team, sees the share pending again and accepts it again.
    static func membersSharesAndLeave(_ s: Setup, throughServer: Bool) throws {
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "init"], "b").status == 0)
        #expect(try s.run(["vault", "mkdir", "-p", "/team/sub"]).status == 0)

        let alone = try s.run(["vault", "members", "/team"])
        #expect(lines(s, alone).map { $0.prefix(1) + $0.dropFirst(2).prefix(1) } == [["owner", "you"]])
        #expect(alone.stderr.contains("not shared"))
        let none = try s.run(["vault", "shares"], "b")
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("no folder or file is shared with you"))

        let shared = try s.run(["vault", "share", "/team", "--with", "b"])
        #expect(shared.status == 0, "\(shared.stderr)")
        let pending = lines(s, try s.run(["vault", "shares"], "b"))
        #expect(pending.count == 1)
        #expect(pending.first?.prefix(3) == ["pending", "-", "a"])
        let folder = try #require(pending.first?.last)
        #expect(s.out(shared).contains(folder) || shared.stderr.contains(folder), "share printed \(shared)")

        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
        let accepted = try json(try s.run(["vault", "shares", "--json"], "b"))
        #expect(accepted["command"] as? String == "vault shares" && accepted["schema"] as? Int == 1)
        let acceptedList = try #require(accepted["accepted"] as? [[String: Any]])
        #expect(acceptedList.count == 1 && (accepted["pending"] as? [Any])?.isEmpty == true)
        #expect(acceptedList.first?["name"] as? String == "team")
        #expect(acceptedList.first?["contact"] as? String == "a")
        #expect(acceptedList.first?["folder"] as? String == folder)

        // The owner's view and the member's view name the same two accounts with the same fingerprints.
        let owners = try json(try s.run(["vault", "members", "/team", "--json"]))
        let members = try json(try s.run(["vault", "members", "@team", "--json"], "b"))
        for document in [owners, members] {
            #expect(document["folder"] as? String == folder)
            #expect(document["sharedHere"] as? Bool == true)
            #expect(document["epoch"] as? Int == 1)
        }
        let ownerRows = try #require(owners["members"] as? [[String: Any]])
        let memberRows = try #require(members["members"] as? [[String: Any]])
        #expect(ownerRows.map { $0["role"] as? String } == ["owner", "member"])
        #expect(ownerRows.map { $0["contact"] as? String } == ["you", "b"])
        #expect(memberRows.map { $0["contact"] as? String } == ["a", "you"])
        #expect(ownerRows.map { $0["fingerprint"] as? String } == memberRows.map { $0["fingerprint"] as? String })
        #expect(ownerRows.map { $0["account"] as? String } == memberRows.map { $0["account"] as? String })
        let below = try json(try s.run(["vault", "members", "/team/sub", "--json"]))
        #expect(below["sharedHere"] as? Bool == false)
        #expect((below["members"] as? [[String: Any]])?.count == 2)

        // b leaves: @team is gone from this device, nothing was deleted, and the share can be accepted again.
        let left = try s.run(["vault", "leave", "@team"], "b")
        #expect(left.status == 0, "\(left.stderr)")
        #expect(left.stderr.contains("unshare"))
        let gone = try s.run(["vault", "ls", "@team"], "b")
        #expect(gone.status == 1 && gone.stderr.contains("@team"), "\(gone.stderr)")
        #expect(lines(s, try s.run(["vault", "shares"], "b")).first?.prefix(1) == ["pending"])
        #expect(try s.run(["vault", "ls", "/team"]).status == 0)
        let again = try s.run(["vault", "leave", "team"], "b")
        #expect(again.status == 1 && again.stderr.contains("no accepted share is called @team"))
        #expect(again.stderr.contains("vault shares"))
        #expect(try s.run(["vault", "accept", "--from", "a", "--as", "team"], "b").status == 0)
        try Data("back".utf8).write(to: s.dir.appendingPathComponent("back.txt"))
        if throughServer {
            // Leaving ended the membership on the server (Spec/server.md §6.2): reads work again, writes wait for
            // the owner to share the folder again.
            let refused = try s.run(["vault", "put", "back.txt", "@team/back.txt"], "b")
            #expect(refused.status == 1 && refused.stderr.contains("403"), "\(refused.stderr)")
            #expect(try s.run(["vault", "ls", "@team"], "b").status == 0)
            let reshared = try s.run(["vault", "share", "/team", "--with", "b"])
            #expect(reshared.status == 0, "\(reshared.stderr)")
        }
        let put = try s.run(["vault", "put", "back.txt", "@team/back.txt"], "b")
        #expect(put.status == 0, "\(put.stderr)")
        #expect(try s.run(["vault", "get", "/team/back.txt"]).stdout == Data("back".utf8))
    }

    @Test func membersSharesAndLeaveOnAVaultDirectory() throws {
        try VaultCLITests.withTwoPeople(throughServer: false) { s in
            try Self.membersSharesAndLeave(s, throughServer: false)
        }
    }

    @Test func membersSharesAndLeaveThroughTheServer() throws {
        try VaultCLITests.withTwoPeople(throughServer: true) { s in
            try Self.membersSharesAndLeave(s, throughServer: true)
        }
    }

    /// A share record the storage side altered, or one copied under another name, is not offered as pending.
    @Test func aTamperedShareRecordIsNotListedAsPending() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try s.run(["vault", "init"], "b").status == 0)
        #expect(try s.run(["vault", "mkdir", "/team"]).status == 0)
        #expect(try s.run(["vault", "share", "/team", "--with", "b"]).status == 0)
        let vault = s.dir.appendingPathComponent("vault")
        let records = try #require(FileManager.default.enumerator(atPath: vault.path)).compactMap { $0 as? String }
        let share = try #require(records.first { $0.contains(".share-") })
        let url = vault.appendingPathComponent(share)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 10] ^= 0x01  // inside the signature
        try bytes.write(to: url)
        let listed = try s.run(["vault", "shares"], "b")
        #expect(listed.status == 0 && listed.stdout.isEmpty, "\(s.out(listed))")
    }
}
