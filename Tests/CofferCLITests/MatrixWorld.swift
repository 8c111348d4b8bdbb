// SPDX-License-Identifier: MIT
import Foundation

/// The scratch world the matrix runs in: an identity, an age file with a link, two accounts a and b that verified
/// each other with a vault and a shared folder, and the extra accounts, folders and links the state-changing
/// commands consume (one per run).
struct MatrixWorld {
    let dir: URL
    let recipient: String
    let bundleB: String
    let fingerprintB: String
    let fileLinkIDs: [String]
    let folderLinkIDs: [String]
    let acceptIDs: [String]

    static func a(_ arguments: [String]) -> [String] {
        arguments + ["--store", "store", "--device", "dev-a", "--passphrase-file", "a.pw", "--vault", "vault"]
    }

    static func b(_ arguments: [String]) -> [String] {
        arguments + ["--store", "store", "--device", "dev-b", "--passphrase-file", "b.pw", "--vault", "vault"]
    }

    static func make() throws -> MatrixWorld {
        let setup = try VaultCLITests.twoPeople()
        let dir = setup.dir
        func coffer(_ arguments: [String]) throws -> String {
            let result = try setup.plain(arguments)
            guard result.status == 0 else { throw SetupFailure(arguments: arguments, stderr: result.stderr) }
            return setup.out(result)
        }
        func lookupID(_ link: String) -> String {
            String(link.split(separator: "/").last?.split(separator: "#").first ?? "")
        }
        let keygen = try setup.plain(["keygen", "-o", "key.txt"])
        let recipient = keygen.stderr.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        try CLIHarness.bytes(70_000).write(to: dir.appendingPathComponent("plain"))
        _ = try coffer(["encrypt", "-r", recipient, "-o", "c.age", "plain"])
        for i in 0..<3 {
            try FileManager.default.copyItem(
                at: dir.appendingPathComponent("c.age"), to: dir.appendingPathComponent("lc\(i).age"))
        }
        try Data(try coffer(["link", "create", "-i", "key.txt", "c.age"]).utf8)
            .write(to: dir.appendingPathComponent("link.txt"))
        try FileManager.default.copyItem(
            at: dir.appendingPathComponent("c.age"), to: dir.appendingPathComponent("rv.age"))
        let fileLinkIDs = try (0..<3).map { _ in lookupID(try coffer(["link", "create", "-i", "key.txt", "rv.age"])) }
        // b's bundle and fingerprint, for `contact add` and `contact verify` on a's device.
        let shown = try coffer(["account", "show", "--store", "store", "--device", "dev-b"]).split(separator: "\n")
        let bundleB = String(shown.first { $0.hasPrefix("bundle ") }!.dropFirst(7))
        let fingerprintB = String(shown.first { $0.hasPrefix("fingerprint ") }!.dropFirst(12))
        // The vaults, and the folders, shares and links the runs consume.
        _ = try coffer(a(["vault", "init"]))
        _ = try coffer(b(["vault", "init"]))
        for folder in ["/team"] + (0..<3).flatMap({ ["/mv\($0)", "/rm\($0)", "/sh\($0)", "/ac\($0)", "/un\($0)"] }) {
            _ = try coffer(a(["vault", "mkdir", folder]))
        }
        for i in 0..<3 {  // in the trash, for `vault restore`
            _ = try coffer(a(["vault", "mkdir", "/rs\(i)"]))
            _ = try coffer(a(["vault", "rm", "/rs\(i)"]))
        }
        _ = try coffer(a(["vault", "put", "plain", "/team/plain.txt"]))
        let acceptIDs = try (0..<3).map {
            try coffer(a(["vault", "share", "/ac\($0)", "--with", "b"])).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for i in 0..<3 { _ = try coffer(a(["vault", "share", "/un\(i)", "--with", "b"])) }
        try Data(try coffer(a(["vault", "link", "create", "/team"])).utf8)
            .write(to: dir.appendingPathComponent("vlink.txt"))
        let folderLinkIDs = try (0..<3).map { _ in lookupID(try coffer(a(["vault", "link", "create", "/team"]))) }
        // Accounts of their own for passwd, recover and vault init.
        for name in ["c1", "c2", "d0", "d1", "d2"] {
            try Data("\(name) passphrase\n".utf8).write(to: dir.appendingPathComponent("\(name).pw"))
        }
        _ = try coffer(["account", "create", "--store", "store-c", "--device", "dev-c", "--passphrase-file", "c1.pw"])
        _ = try coffer([
            "account", "create", "--store", "store-d", "--device", "dev-d", "--passphrase-file", "d0.pw",
            "--recovery-key-file", "d.rk",
        ])
        for i in 0..<3 {
            _ = try coffer([
                "account", "create", "--store", "store-f\(i)", "--device", "dev-f\(i)", "--passphrase-file", "a.pw",
            ])
        }
        return MatrixWorld(
            dir: dir, recipient: recipient, bundleB: bundleB, fingerprintB: fingerprintB, fileLinkIDs: fileLinkIDs,
            folderLinkIDs: folderLinkIDs, acceptIDs: acceptIDs)
    }

    struct SetupFailure: Error {
        let arguments: [String]
        let stderr: String
    }

    func cases() -> [StdoutFailureMatrixTests.Case] {
        typealias Case = StdoutFailureMatrixTests.Case
        let a = Self.a
        let b = Self.b
        let deviceA = ["--store", "store", "--device", "dev-a"]
        let vectorFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("TestVectors/published/transcribed/rfc7914_scrypt.json")
        let (recipient, bundleB, fingerprintB) = (self.recipient, self.bundleB, self.fingerprintB)
        let (fileLinkIDs, folderLinkIDs, acceptIDs) = (self.fileLinkIDs, self.folderLinkIDs, self.acceptIDs)
        return [
            Case(command: "keygen", printsToStdout: true) { _ in ["keygen"] },
            Case(command: "encrypt", printsToStdout: true) { _ in ["encrypt", "-r", recipient, "plain"] },
            Case(command: "decrypt", printsToStdout: true) { _ in ["decrypt", "-i", "key.txt", "c.age"] },
            Case(command: "inspect", printsToStdout: true) { _ in ["inspect", "c.age"] },
            Case(command: "account create", printsToStdout: true) { i in
                ["account", "create", "--store", "store-n\(i)", "--device", "dev-n\(i)", "--passphrase-file", "a.pw"]
            },
            Case(command: "account unlock", printsToStdout: true) { _ in
                ["account", "unlock", "--passphrase-file", "a.pw"] + deviceA
            },
            Case(command: "account passwd", printsToStdout: false) { i in
                [
                    "account", "passwd", "--store", "store-c", "--device", "dev-c",
                    "--passphrase-file", i % 2 == 0 ? "c1.pw" : "c2.pw",
                    "--new-passphrase-file", i % 2 == 0 ? "c2.pw" : "c1.pw",
                ]
            },
            Case(command: "account recover", printsToStdout: false) { i in
                [
                    "account", "recover", "--store", "store-d", "--device", "dev-d", "--recovery-key-file", "d.rk",
                    "--new-passphrase-file", "d\(i).pw",
                ]
            },
            Case(command: "account show", printsToStdout: true) { _ in ["account", "show"] + deviceA },
            // Account a was created with a post-quantum key: add-pq writes nothing and prints the id and bundle.
            Case(command: "account add-pq", printsToStdout: true) { _ in
                ["account", "add-pq", "--passphrase-file", "a.pw"] + deviceA
            },
            Case(command: "contact add", printsToStdout: true) { _ in ["contact", "add", "b", bundleB] + deviceA },
            Case(command: "contact verify", printsToStdout: true) { _ in
                ["contact", "verify", "b", "--fingerprint", fingerprintB] + deviceA
            },
            Case(command: "contact list", printsToStdout: true) { _ in ["contact", "list"] + deviceA },
            Case(command: "kdf calibrate", printsToStdout: true) { _ in
                ["kdf", "calibrate", "--target-ms", "1", "--max-memory-mib", "64"]
            },
            Case(command: "link create", printsToStdout: true) { i in
                ["link", "create", "-i", "key.txt", "lc\(i).age"]
            },
            Case(command: "link open", printsToStdout: true) { _ in
                ["link", "open", "--link-file", "link.txt", "c.age"]
            },
            Case(command: "link list", printsToStdout: true) { _ in ["link", "list", "c.age"] },
            Case(command: "link revoke", printsToStdout: false) { i in
                ["link", "revoke", "-i", "key.txt", "--", fileLinkIDs[i], "rv.age"]
            },
            Case(command: "vault init", printsToStdout: false) { i in
                [
                    "vault", "init", "--store", "store-f\(i)", "--device", "dev-f\(i)", "--passphrase-file", "a.pw",
                    "--vault", "vault-f\(i)",
                ]
            },
            Case(command: "vault put", printsToStdout: false) { i in a(["vault", "put", "plain", "/team/p\(i).txt"]) },
            Case(command: "vault get", printsToStdout: true) { _ in a(["vault", "get", "/team/plain.txt"]) },
            Case(command: "vault ls", printsToStdout: true) { _ in a(["vault", "ls", "/team"]) },
            Case(command: "vault mkdir", printsToStdout: false) { i in a(["vault", "mkdir", "/k\(i)"]) },
            Case(command: "vault mv", printsToStdout: false) { i in a(["vault", "mv", "/mv\(i)", "/moved\(i)"]) },
            Case(command: "vault rm", printsToStdout: false) { i in a(["vault", "rm", "/rm\(i)"]) },
            Case(command: "vault log", printsToStdout: true) { _ in a(["vault", "log", "/team/plain.txt"]) },
            Case(command: "vault restore", printsToStdout: false) { i in a(["vault", "restore", "/rs\(i)"]) },
            Case(command: "vault trash list", printsToStdout: true) { _ in a(["vault", "trash", "list"]) },
            Case(command: "vault trash empty", printsToStdout: true) { _ in
                a(["vault", "trash", "empty", "--older-than-days", "1"])
            },
            Case(command: "vault share", printsToStdout: true) { i in a(["vault", "share", "/sh\(i)", "--with", "b"]) },
            Case(command: "vault share", printsToStdout: true) { i in
                a(["vault", "share", "/sh\(i)", "--with", "b", "--reader"])  // a role change, after the share above
            },
            // A file share (Spec/vault.md §7.4) prints the file id; sharing again replaces it.
            Case(command: "vault share", printsToStdout: true) { _ in
                a(["vault", "share", "/team/plain.txt", "--with", "b"])
            },
            Case(command: "vault unshare", printsToStdout: false) { i in
                a(["vault", "unshare", "/un\(i)", "--member", "b"])
            },
            Case(command: "vault accept", printsToStdout: false) { i in
                b(["vault", "accept", "--from", "a", "--folder", acceptIDs[i], "--as", "t\(i)"])
            },
            // After the accepts above: b holds @t0…@t2 (one left per run) and has shares pending from a.
            Case(command: "vault leave", printsToStdout: false) { i in b(["vault", "leave", "@t\(i)"]) },
            Case(command: "vault shares", printsToStdout: true) { _ in b(["vault", "shares"]) },
            Case(command: "vault members", printsToStdout: true) { _ in a(["vault", "members", "/team"]) },
            Case(command: "vault verify", printsToStdout: true) { _ in a(["vault", "verify", "/team"]) },
            Case(command: "vault gc", printsToStdout: true) { _ in a(["vault", "gc"]) },
            Case(command: "vault repair", printsToStdout: true) { _ in a(["vault", "repair"]) },
            Case(command: "vault export", printsToStdout: true) { _ in
                a(["vault", "export", "/team/plain.txt", "--to", recipient])
            },
            Case(command: "vault link create", printsToStdout: true) { _ in a(["vault", "link", "create", "/team"]) },
            Case(command: "vault link list", printsToStdout: true) { _ in a(["vault", "link", "list"]) },
            Case(command: "vault where", printsToStdout: true) { _ in
                ["vault", "where", "--store", "store", "--device", "dev-a", "--vault", "vault"]
            },
            Case(command: "vault link revoke", printsToStdout: false) { i in
                // A lookup id may start with '-': the options first, the id after `--`.
                a(["vault", "link", "revoke"]) + ["--", folderLinkIDs[i]]
            },
            Case(command: "vault link open", printsToStdout: true) { _ in
                ["vault", "link", "open", "--link-file", "vlink.txt", "--vault", "vault"]
            },
            Case(command: "vault link open", printsToStdout: true) { _ in
                ["vault", "link", "open", "--link-file", "vlink.txt", "--vault", "vault", "get", "/plain.txt"]
            },
            Case(command: "vectors verify", printsToStdout: true) { _ in ["vectors", "verify", vectorFile.path] },
        ]
    }
}
