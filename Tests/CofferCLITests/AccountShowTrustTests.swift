// SPDX-License-Identifier: MIT
// `account show` prints a fingerprint only from a verified source. The storage side substitutes a
// self-consistent forged account (its own keys, records and signatures) for the real one; a device that never
// unlocked the account refuses to show it, a device that did shows only the real one, or fails.
import Foundation
import Testing

@Suite("account show: the fingerprint comes from a verified source")
struct AccountShowTrustTests {
    /// The fixture's store with its account records replaced by those of a forged account made elsewhere.
    /// `keepNames`: the forged bytes go under the real account's record names (else under the forger's own).
    static func substitute(_ f: CLIFixture, keepNames: Bool) throws -> String {
        let forger = f.path("forger-\(keepNames)")
        let made = try CLIHarness.run(
            "/usr/bin/env",
            [
                "COFFER_STORE=\(forger)/store", "COFFER_DEVICE=\(forger)/device", CLIHarness.coffer, "account",
                "create",
                "--passphrase-file", "p1",
            ], in: f.dir)
        #expect(made.status == 0, "\(made.stderr)")
        let forgedID = String(decoding: made.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let files = FileManager.default
        for kind in ["bundle", "account", "secrets"] {
            try? files.removeItem(atPath: f.path("store/\(f.accountID).\(kind)"))
            let target = keepNames ? "\(f.accountID).\(kind)" : "\(forgedID).\(kind)"
            try? files.removeItem(atPath: f.path("store/\(target)"))
            try files.copyItem(atPath: "\(forger)/store/\(forgedID).\(kind)", toPath: f.path("store/\(target)"))
        }
        return forgedID
    }

    @Test("a new device refuses to show an unverified identity; the device that unlocked it shows the real one")
    func substitutedAccount() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let fresh = f.path("new-device")
        var count = 0
        // Before any substitution: the real account, on a device that has not unlocked it, is still unverified.
        let unverified = try f.run(["account", "show"], device: fresh)
        #expect(unverified.status == 1)
        #expect(unverified.stdout.isEmpty)
        #expect(
            unverified.stderr.split(separator: "\n").first
                == """
                coffer: the identity of account \(f.accountID) is unverified: this device has never unlocked it, \
                and the storage side could have substituted it
                """[...])
        #expect(
            unverified.stderr.contains("hint: verify it by unlocking it here: coffer account show --passphrase-file"))
        count += 1
        // The device that created it shows the real bundle without a passphrase.
        let real = try f.ok(["account", "show"])
        #expect(real.contains("fingerprint \(f.fingerprint)\n") && real.hasPrefix("account \(f.accountID)\n"))
        count += 1

        let forgedID = try Self.substitute(f, keepNames: false)
        let forger = f.path("forger-false")
        let forgedShown = try CLIHarness.run(
            "/usr/bin/env",
            ["COFFER_STORE=\(forger)/store", "COFFER_DEVICE=\(forger)/device", CLIHarness.coffer, "account", "show"],
            in: f.dir)
        let forgedFingerprint =
            String(decoding: forgedShown.stdout, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("fingerprint ") }.map(String.init) ?? "missing"
        #expect(forgedShown.status == 0 && forgedFingerprint != "fingerprint \(f.fingerprint)")
        // A device that never unlocked: the store's only account is the forged one; it is refused, not printed.
        let onNew = try f.run(["account", "show"], device: fresh)
        #expect(onNew.status == 1)
        #expect(onNew.stdout.isEmpty)
        #expect(onNew.stderr.hasPrefix("coffer: the identity of account \(forgedID) is unverified"), "\(onNew.stderr)")
        count += 1
        // With the real passphrase, the forged account does not unlock: no fingerprint either.
        let unlocking = try f.run(["account", "show", "--passphrase-file", "p1", "--account", forgedID], device: fresh)
        #expect(unlocking.status == 0 || unlocking.status == 1)
        if unlocking.status == 0 {
            // The forger chose the same passphrase (p1): the device really unlocked the forger's account, whose
            // fingerprint it now shows — the user's own fingerprint is never claimed for it.
            #expect(!String(decoding: unlocking.stdout, as: UTF8.self).contains(f.fingerprint))
        }
        count += 1
        // The device that unlocked the real account: it still names the real id, whose records are gone.
        let onOld = try f.run(["account", "show"])
        #expect(onOld.status == 1, "\(onOld.stderr)")
        #expect(onOld.stdout.isEmpty)
        #expect(onOld.stderr == "coffer: record \(f.accountID).bundle not found\n", "\(onOld.stderr)")
        count += 1

        // The forged bytes under the real account's names: the id does not match the key, refused everywhere.
        _ = try Self.substitute(f, keepNames: true)
        let swapped = try f.run(["account", "show"])
        #expect(swapped.status == 1)
        #expect(swapped.stdout.isEmpty)
        #expect(swapped.stderr.hasPrefix("coffer: account id "), "\(swapped.stderr)")
        #expect(!String(decoding: swapped.stdout, as: UTF8.self).contains(forgedFingerprint))
        count += 1
        print("AccountShowTrustTests.substitutedAccount: \(count) cases")
    }

    @Test("after unlocking once with the passphrase, a new device shows the identity without one")
    func unlockOnceThenShow() throws {
        let f = try CLIFixture.make()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let fresh = f.path("new-device")
        let first = try f.run(["account", "show", "--passphrase-file", "p1"], device: fresh)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(String(decoding: first.stdout, as: UTF8.self).contains("fingerprint \(f.fingerprint)\n"))
        let wrong = try f.run(["account", "show", "--passphrase-file", "lp"], device: f.path("other-device"))
        #expect(wrong.status == 1)
        #expect(wrong.stdout.isEmpty)
        #expect(wrong.stderr.hasPrefix("coffer: wrong passphrase for this account\n"), "\(wrong.stderr)")
        let again = try f.run(["account", "show"], device: fresh)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == first.stdout)
        print("AccountShowTrustTests.unlockOnceThenShow: 3 cases")
    }
}
