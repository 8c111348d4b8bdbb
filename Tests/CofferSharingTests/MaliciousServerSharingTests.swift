// SPDX-License-Identifier: MIT
// The hostile storage side against sharing with people and against the account the vault is opened with. One test
// per attack, each named for it, each asserting the exact typed error and that no plaintext was released.
import CofferAge
import CofferKeys
import CofferPrimitives
import Foundation
import Testing

@testable import CofferSharing

@Suite(.countedCases("malicious-server suite")) struct MaliciousServerSharingTests {
    @Test(arguments: Transport.allCases) func attackHandUserAShareFromANonContact(_ transport: Transport) throws {
        let world = World(transport)
        world.pin(.bob, by: .mallory)
        let mallory = world.vault(.mallory)
        try mallory.initialize()
        try mallory.makeFolder(VaultPath("/invoices"))
        try mallory.put(Array("pay me".utf8), at: VaultPath("/invoices/urgent.txt"))
        try mallory.share(VaultPath("/invoices"), with: "bob")
        let folder = world.folderID("/invoices", as: .mallory)
        let bob = world.vault(.bob)
        let untrusted: (any Error) -> Bool = { ($0 as? VaultError)?.name == "untrustedContact" }
        // Mallory is no contact of Bob's.
        #expect(throws: VaultError.self) { try bob.accept(folder: folder, as: "inbox") }
        #expect { try bob.accept(folder: folder, as: "inbox") } throws: { untrusted($0) }
        // Pinned but never verified is not enough either.
        world.pin(.mallory, by: .bob, verified: false)
        #expect { try bob.accept(folder: folder, as: "inbox") } throws: { untrusted($0) }
        expectNoPlaintext(bob, "@inbox/urgent.txt", in: world) { $0 == .notFound("share @inbox") }
        // Mallory's share dressed up as Alice's (Alice a verified contact): not signed by the owner it names.
        world.pin(.alice, by: .bob)
        let id = VaultStorage.shareID(folder, recipient: Person.bob.account.accountID)
        let share = try ShareRecord(parsing: Array(try Data(contentsOf: world.url(id))))
        var forged = share.encoded
        forged.replaceSubrange(5..<21, with: Person.alice.account.accountID.bytes)
        try Data(forged).write(to: world.url(id))
        #expect { try bob.accept(folder: folder, as: "inbox") } throws: {
            if case .recordMisplaced(kind: "share", _) = ($0 as? VaultError)?.reason { true } else { false }
        }
    }

    @Test(arguments: Transport.allCases) func attackWrapNewEpochKeyToRemovedMember(_ transport: Transport) throws {
        let world = try VaultSharingTests.sharedTeam(transport)
        let alice = world.vault(.alice)
        let team = world.folderID("/team", as: .alice)
        let shareID = VaultStorage.shareID(team, recipient: Person.bob.account.accountID)
        let bobsOldShare = Array(try Data(contentsOf: world.url(shareID)))
        let oldMembers = world.bytes(team, .members)
        try alice.unshare(VaultPath("/team"), member: "bob")
        try alice.put(Array("after removal".utf8), at: VaultPath("/team/new.txt"))
        let bob = world.vault(.bob)
        // A share record that does wrap the new epoch key to Bob (as a buggy or subverted writer would make):
        // the owner's signed member list no longer names Bob, so his client refuses it.
        let view = try alice.folder(at: VaultPath("/team"))
        try alice.writeShare(
            of: view, name: "team", to: Person.bob.account.identity.publicKeys, epoch: 2, key: view.keys.latestKey)
        expectNoPlaintext(bob, "@team/new.txt", in: world) { $0 == .notAMember(folder: team.hex) }
        // The storage side replays Bob's old share and the old member list that still names him: the share is
        // older than the one Bob's device has seen (rollback) ...
        try Data(bobsOldShare).write(to: world.url(shareID))
        world.replace(team, .members, with: oldMembers)
        expectNoPlaintext(bob, "@team/new.txt", in: world) {
            if case .rollbackDetected(kind: "share", _, _) = $0.reason { true } else { false }
        }
        // ... and on a fresh device of Bob's (no marks), the old epoch's key does not reach the new file.
        let freshBob = Vault(
            account: Person.bob.account, store: world.client,
            device: try DeviceState(directory: world.root.appendingPathComponent("bob-new-phone")))
        world.pin(.alice, by: .bob)
        try? FileManager.default.copyItem(
            at: world.root.appendingPathComponent("device-bob/contacts.json"),
            to: world.root.appendingPathComponent("bob-new-phone/contacts.json"))
        try freshBob.accept(folder: team, as: "team")
        expectNoPlaintext(freshBob, "@team/new.txt", in: world) {
            $0 == .epochKeyUnavailable(folder: team.hex, epoch: 2)
        }
    }

    @Test(arguments: Transport.allCases) func attackReplaceContactsPublicKey(_ transport: Transport) throws {
        let world = try VaultSharingTests.sharedTeam(transport)
        let team = world.folderID("/team", as: .alice)
        // In the signed member list, Bob's bundle replaced by Mallory's: the owner's signature breaks.
        let members = world.bytes(team, .members)
        let list = try MemberList(parsing: members)
        var edited = members
        let bobIndex = try #require(list.members.firstIndex { $0.accountID == Person.bob.account.accountID })
        // Every person of the fixtures has a post-quantum key: each bundle on the list is 1,365 bytes.
        let size = IdentityBundle.postQuantumByteCount
        #expect(list.members.allSatisfy { $0.encoded.count == size })
        let start = 4 + 1 + 16 + 16 + 8 + 4 + 4 + bobIndex * size
        edited.replaceSubrange(start..<(start + size), with: Person.mallory.account.bundle.encoded)
        world.replace(team, .members, with: edited)
        expectNoPlaintext(world.vault(.carol), "@team/plan.txt", in: world) {
            $0 == .signatureInvalid(kind: "member list")
        }
        world.replace(team, .members, with: members)
        // The storage side's copy of Bob's bundle replaced by Mallory's keys: sharing uses the device's pin, so the
        // new share is still wrapped to the real Bob and Mallory cannot accept it.
        try Data(Person.mallory.account.bundle.encoded).write(to: world.url(.bundle(Person.bob.account.accountID)))
        try world.vault(.alice).makeFolder(VaultPath("/more"))
        try world.vault(.alice).share(VaultPath("/more"), with: "bob")
        let more = world.folderID("/more", as: .alice)
        let share = try ShareRecord(
            parsing: Array(
                try Data(contentsOf: world.url(VaultStorage.shareID(more, recipient: Person.bob.account.accountID)))))
        #expect(share.recipient == Person.bob.account.accountID)
        try world.vault(.bob).accept(folder: more, as: "more")
        world.pin(.alice, by: .mallory)
        #expect { try world.vault(.mallory).accept(folder: more, as: "more") } throws: {
            ($0 as? VaultError)?.name == "notFound"
        }
        // Re-pinning "bob" with Mallory's key is refused by the pin store until a fingerprint is compared.
        #expect {
            _ = try PinStore(device: world.device(.alice)).add(name: "bob", bundle: Person.mallory.account.bundle)
        } throws: { if case .pinnedKeyChanged = ($0 as? KeysError)?.reason { true } else { false } }
        // A share record addressed to Bob but wrapped to Mallory's X25519 key (the server's substitution inside
        // the record): the owner's signature covers the recipient and the sealed key, so it breaks.
        let shareURL = world.url(VaultStorage.shareID(more, recipient: Person.bob.account.accountID))
        var substituted = share.encoded
        let ephemeral = 4 + 1 + 16 * 3 + 4
        substituted.replaceSubrange(
            ephemeral..<(ephemeral + 32), with: Person.mallory.account.bundle.keys.agreement.rawRepresentation)
        try Data(substituted).write(to: shareURL)
        expectNoPlaintext(world.vault(.bob), "@more/x", in: world) { $0 == .signatureInvalid(kind: "share") }
    }

    @Test(arguments: Transport.allCases)
    func attackDowngradeKDFParametersThroughAccountRecord(_ transport: Transport) throws {
        let world = World(transport)
        // A consistent account whose record asks for Argon2id with 8 KiB and one pass (made with a lax keyring, as
        // a hostile storage side would), and a vault opened from it: refused before the KDF runs.
        let weak = KDFParameters(memoryKiB: 8, iterations: 1, parallelism: 1, salt: [UInt8](repeating: 7, count: 16))
        let lax = KDFPolicy(
            minimumMemoryKiB: 0, maximumMemoryKiB: .max, minimumIterations: 0, maximumIterations: .max,
            minimumParallelism: 0, maximumParallelism: .max)
        let forged = try AccountKeyring(policy: lax, hashing: FastHashing()).create(password: Password("pw"), kdf: weak)
        try world.store.putAccountRecords(forged.records, for: forged.account.accountID)
        #expect {
            try Vault.open(
                accountStore: world.client, vaultStore: world.client, device: world.device(.alice),
                accountID: forged.account.accountID, password: Password("pw"))
        } throws: {
            if case .account(let keys) = ($0 as? VaultError)?.reason,
                case .kdfParameterBelowFloor(.memoryKiB, value: 8, _) = keys.reason
            {
                true
            } else {
                false
            }
        }
        // Alice's real account record with its memory cost lowered in place: the record signature breaks first.
        try world.store.putAccountRecords(Person.alice.records, for: Person.alice.account.accountID)
        var record = Person.alice.records.account
        let kdfOffset = try #require(
            (0..<(record.count - 4)).first { Array(record[$0..<($0 + 5)]) == [1, 0, 1, 0, 0] })
        record[kdfOffset + 2] = 0
        try world.store.put(.account(Person.alice.account.accountID), record)
        #expect {
            try Vault.open(
                accountStore: world.client, vaultStore: world.client, device: world.device(.alice),
                accountID: Person.alice.account.accountID, password: Password("alice password"))
        } throws: {
            if case .account(let keys) = ($0 as? VaultError)?.reason, case .recordTampered = keys.reason {
                true
            } else {
                false
            }
        }
    }
}

extension MaliciousServerSharingTests {
    @Test(arguments: Transport.allCases)
    func attackWithholdMemberListOrLetAMemberRewriteTheSharedKeyring(_ transport: Transport) throws {
        let world = try VaultSharingTests.sharedTeam(transport)
        let team = world.folderID("/team", as: .alice)
        let members = world.bytes(team, .members)
        // The member list withheld from a device that saw the folder shared.
        world.delete(team, .members)
        expectNoPlaintext(world.vault(.alice), "/team/plan.txt", in: world) { $0 == .childMissing(node: team.hex) }
        world.replace(team, .members, with: members)
        // Bob, a member, appends an epoch of his own to the shared folder's keyring: only the owner writes it.
        let bob = world.vault(.bob)
        let view = try bob.folder(at: VaultPath("@team"))
        let forged = FolderKeyring.make(
            treeOwner: view.owner, folder: team, parent: view.parent, parentKey: .random(), parentEpoch: 1,
            newKey: .random(), previous: (view.keyring, view.keys),
            signer: VaultSigner(identity: Person.bob.account.identity))
        world.replace(team, .keys, with: forged.encoded)
        expectNoPlaintext(world.vault(.carol), "@team/plan.txt", in: world) {
            $0 == .unauthorizedWriter(kind: "folder keyring", signer: Person.bob.account.accountID.hex)
        }
    }
}
