// SPDX-License-Identifier: MIT
// Readers and writers (Spec/vault.md §7.1, §8, §10.6): a reader's client refuses to write, and what a
// reader signs anyway — written straight into the store by a modified client, which the provider keeps — is refused
// by every other reader of the folder: the owner, a writer member and another reader member.
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

private func path(_ text: String) -> VaultPath { try! VaultPath(text) }

@Suite struct VaultRoleTests {
    /// Alice's /team (plan.txt, sub/deep.txt) shared with Bob and Mallory as readers and Carol as a writer, each
    /// accepted as @team.
    static func readerTeam(_ transport: Transport = .directory) throws -> World {
        let world = World(transport)
        for member in [Person.bob, .carol, .mallory] {
            world.pin(member, by: .alice)
            world.pin(.alice, by: member)
        }
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(path("/team"))
        try alice.makeFolder(path("/team/sub"))
        try alice.put(Array("plan".utf8), at: path("/team/plan.txt"))
        try alice.put(Array("deep".utf8), at: path("/team/sub/deep.txt"))
        try alice.share(path("/team"), with: "bob", role: .reader)
        try alice.share(path("/team"), with: "carol")
        try alice.share(path("/team"), with: "mallory", role: .reader)
        let team = world.folderID("/team", as: .alice)
        for member in [Person.bob, .carol, .mallory] { try world.vault(member).accept(folder: team, as: "team") }
        return world
    }

    static func isReaderSigned(_ error: VaultError, by person: Person) -> Bool {
        if case .readerSigned(_, let signer) = error.reason { return signer == person.account.accountID.hex }
        return false
    }

    /// Every other reader of /team refuses it, naming `person` as the reader who signed.
    static func everyoneRefuses(_ world: World, signedBy person: Person, _ label: String) {
        let readers: [(Person, String)] = [(.alice, "/team"), (.carol, "@team"), (.mallory, "@team"), (.bob, "@team")]
        for (reader, folder) in readers where reader.name != person.name {
            #expect(throws: VaultError.self, "\(label): \(reader.name) lists \(folder)") {
                try world.vault(reader).list(path(folder))
            }
            do {
                _ = try world.vault(reader).read(path("\(folder)/plan.txt"))
                Issue.record("\(label): \(reader.name) read plan.txt")
            } catch {
                #expect(isReaderSigned(error, by: person), "\(label): \(reader.name) got \(error.name): \(error)")
            }
        }
    }

    @Test func theMemberListSaysWhoReadsAndWhoWrites() throws {
        let world = try Self.readerTeam()
        let team = world.folderID("/team", as: .alice)
        let list = try MemberList(parsing: world.bytes(team, .members))
        #expect(list.envelope.version == 2)
        #expect(list.role(of: Person.bob.account.accountID) == .reader)
        #expect(list.role(of: Person.carol.account.accountID) == .writer)
        #expect(list.role(of: Person.mallory.account.accountID) == .reader)
        for (person, folder) in [(Person.alice, "/team"), (.bob, "@team"), (.carol, "@team")] {
            let membership = try world.vault(person).membership(at: path(folder))
            #expect(membership.roles[Person.bob.account.accountID] == .reader, "\(person.name)")
            #expect(membership.roles[Person.carol.account.accountID] == .writer, "\(person.name)")
        }
        // A folder shared with writers only keeps the version 1 list older clients read.
        try world.vault(.alice).makeFolder(path("/open"))
        try world.vault(.alice).share(path("/open"), with: "carol")
        let open = try MemberList(parsing: world.bytes(world.folderID("/open", as: .alice), .members))
        #expect(open.envelope.version == 1 && open.role(of: Person.carol.account.accountID) == .writer)
    }

    @Test func aReadersClientReadsButRefusesEveryWrite() throws {
        let world = try Self.readerTeam()
        let bob = world.vault(.bob)
        #expect(try bob.read(path("@team/plan.txt")) == Array("plan".utf8))
        #expect(try bob.read(path("@team/sub/deep.txt")) == Array("deep".utf8))
        let before = try FileManager.default.contentsOfDirectory(atPath: world.store.directory.path).sorted()
        let refusals: [(String, () throws -> Void)] = [
            ("put", { try bob.put(Array("x".utf8), at: path("@team/x.txt")) }),
            ("put below", { try bob.put(Array("x".utf8), at: path("@team/sub/x.txt")) }),
            ("new version", { try bob.put(Array("x".utf8), at: path("@team/plan.txt")) }),
            ("mkdir", { try bob.makeFolder(path("@team/mine")) }),
            ("rm", { try bob.remove(path("@team/plan.txt")) }),
            ("rm folder", { try bob.remove(path("@team/sub")) }),
            ("rename", { try bob.move(path("@team/plan.txt"), to: path("@team/renamed.txt")) }),
            ("move", { try bob.move(path("@team/plan.txt"), to: path("@team/sub/plan.txt")) }),
        ]
        for (label, attempt) in refusals {
            #expect(throws: VaultError.readOnly(path: label.hasSuffix("below") ? "@team/sub" : "@team/"), "\(label)") {
                try attempt()
            }
        }
        // Nothing was written, and the owner shares, which a member never does.
        #expect(try FileManager.default.contentsOfDirectory(atPath: world.store.directory.path).sorted() == before)
        #expect(throws: VaultError.self) { try bob.share(path("@team"), with: "alice") }
        #expect(try world.vault(.alice).read(path("/team/plan.txt")) == Array("plan".utf8))
    }

    /// What a modified client of a reader does: the folder as read, with the role check switched off.
    static func unchecked(_ vault: Vault, _ folder: String) throws -> FolderView {
        var view = try vault.folder(at: path(folder))
        view.account = nil
        return view
    }

    enum Forgery: String, CaseIterable, CustomStringConvertible {
        case write, newVersion, delete, rename, mkdir
        var description: String { rawValue }
    }

    @Test(arguments: Forgery.allCases, Transport.allCases)
    func aReadersForgedChangeIsRefusedByEveryReader(_ forgery: Forgery, _ transport: Transport) throws {
        let world = try Self.readerTeam(transport)
        let bob = world.vault(.bob)
        let team = try Self.unchecked(bob, "@team")
        let plan = try #require(try bob.child(named: "plan.txt", in: team))
        switch forgery {
        case .write:
            let record = try bob.write(
                VaultUpload(name: "bob.txt", content: Array("bob".utf8)), in: team, id: .random(), version: 1)
            try bob.commit([record], to: team, replacing: [])
        case .newVersion:
            let record = try bob.write(
                VaultUpload(name: "plan.txt", content: Array("changed".utf8)), in: team, id: plan.record.id,
                version: plan.record.version + 1)
            try bob.commit([record], to: team, replacing: [plan.record])
        case .delete:
            try bob.updateListing(of: team, adding: [], removing: [plan.record.id])
        case .rename:
            let record = try bob.moveRecords(
                plan, named: "renamed.txt", from: team, to: team, path: path("@team/plan.txt"))
            try bob.updateListing(of: team, adding: [record])
        case .mkdir:
            let record = NodeRecord.seal(
                treeOwner: team.owner, id: .random(), parent: team.id, kind: .folder, version: 1,
                epoch: team.keys.latest, parentKey: team.keys.latestKey, commitment: [UInt8](repeating: 0, count: 32),
                metadata: try NodeMetadata(name: "mine"), signer: bob.signer)
            try bob.storeNodeRecord(record)
            try bob.updateListing(of: team, adding: [record])
        }
        // The store kept the reader's listing; every reader refuses it, and nothing of /team is released.
        let head = try ListingHead(parsing: world.bytes(team.id, .list))
        #expect(head.signer == Person.bob.account.accountID)
        Self.everyoneRefuses(world, signedBy: .bob, "\(forgery) over \(transport)")
    }

    @Test func aReadersForgedReshareOrKeyringIsRefused() throws {
        let world = try Self.readerTeam()
        let alice = world.vault(.alice)
        let team = world.folderID("/team", as: .alice)
        let members = world.bytes(team, .members)
        let list = try MemberList(parsing: members)
        let bobSigns = VaultSigner(identity: Person.bob.account.identity)
        // Bob re-shares: a member list of his own naming Dave as a writer and himself as a writer.
        let forged = MemberList.make(
            treeOwner: list.treeOwner, folder: team, version: list.version + 1, epoch: list.epoch,
            members: list.members + [Person.dave.account.bundle], signer: bobSigns)
        world.replace(team, .members, with: forged.encoded)
        for (person, folder) in [(Person.alice, "/team"), (.carol, "@team"), (.mallory, "@team")] {
            #expect("\(person.name)") {
                try world.vault(person).list(path(folder))
            } throws: {
                ($0 as? VaultError)
                    == .unauthorizedWriter(kind: "member list", signer: Person.bob.account.accountID.hex)
            }
        }
        world.replace(team, .members, with: members)
        // A share record Bob signs for Dave, wrapping the key he holds: not signed by the owner it names.
        world.pin(.alice, by: .dave)
        let view = try world.vault(.bob).folder(at: path("@team"))
        let share = try ShareRecord.make(
            treeOwner: list.treeOwner, folder: team, recipient: Person.dave.account.identity.publicKeys,
            epoch: view.keys.latest, key: view.keys.latestKey, name: "team", signer: bobSigns)
        try Data(share.encoded).write(
            to: world.url(VaultStorage.shareID(team, recipient: Person.dave.account.accountID)))
        #expect(throws: VaultError.self) { try world.vault(.dave).accept(folder: team, as: "team") }
        expectNoPlaintext(world.vault(.dave), "@team/plan.txt", in: world) { $0 == .notFound("share @team") }
        // Bob's keyring for /team (its entries, re-signed by him): only the owner signs a shared folder's keyring.
        let keyring = FolderKeyring.sign(
            treeOwner: list.treeOwner, folder: team, parent: view.keyring.parent, entries: view.keyring.entries,
            signer: bobSigns)
        world.replace(team, .keys, with: keyring.encoded)
        for (person, folder) in [(Person.alice, "/team"), (.carol, "@team")] {
            #expect(throws: VaultError.self, "\(person.name)") { try world.vault(person).list(path(folder)) }
        }
        #expect(throws: VaultError.self) { try alice.read(path("/team/plan.txt")) }
    }

    @Test func aWriterMadeAReaderKeepsItsWritesAndWritesNoMore() throws {
        let world = try Self.readerTeam()
        let alice = world.vault(.alice)
        let carol = world.vault(.carol)
        try carol.put(Array("carol".utf8), at: path("@team/carol.txt"))
        try carol.makeFolder(path("@team/carols"))
        try carol.put(Array("deeper".utf8), at: path("@team/carols/inside.txt"))
        try alice.share(path("/team"), with: "carol", role: .reader)
        // Carol's records were re-signed by the owner: every reader still reads them.
        for (person, folder) in [(Person.alice, "/team"), (.bob, "@team"), (.carol, "@team")] {
            let vault = world.vault(person)
            #expect(try vault.read(path("\(folder)/carol.txt")) == Array("carol".utf8), "\(person.name)")
            #expect(try vault.read(path("\(folder)/carols/inside.txt")) == Array("deeper".utf8), "\(person.name)")
            #expect(try vault.list(path(folder)).allSatisfy { $0.writer != Person.carol.account.accountID })
        }
        _ = try alice.verify(path("/"))
        #expect(throws: VaultError.readOnly(path: "@team/")) { try carol.put(Array("x".utf8), at: path("@team/x")) }
        // And what she forges now is refused.
        let team = try Self.unchecked(carol, "@team")
        let record = try carol.write(VaultUpload(name: "late.txt", content: [1]), in: team, id: .random(), version: 1)
        try carol.commit([record], to: team, replacing: [])
        Self.everyoneRefuses(world, signedBy: .carol, "after the demotion")
    }

    @Test func aReaderMadeAWriterWritesAndRolesSurviveAnUnshare() throws {
        let world = try Self.readerTeam()
        let alice = world.vault(.alice)
        try alice.share(path("/team"), with: "bob", role: .writer)
        try world.vault(.bob).put(Array("now".utf8), at: path("@team/bob.txt"))
        #expect(try world.vault(.mallory).read(path("@team/bob.txt")) == Array("now".utf8))
        // Sharing again without a role keeps each member's role.
        try alice.share(path("/team"), with: "mallory")
        #expect(throws: VaultError.readOnly(path: "@team/")) {
            try world.vault(.mallory).put(Array("x".utf8), at: path("@team/x"))
        }
        // Removing Carol keeps Mallory a reader and Bob a writer (the new list carries their roles).
        try alice.unshare(path("/team"), member: "carol")
        #expect(throws: VaultError.readOnly(path: "@team/")) {
            try world.vault(.mallory).put(Array("x".utf8), at: path("@team/x"))
        }
        try world.vault(.bob).put(Array("again".utf8), at: path("@team/again.txt"))
        #expect(try world.vault(.mallory).read(path("@team/again.txt")) == Array("again".utf8))
    }

    @Test func aRoleSetAboveReachesTheSharedFoldersBelow() throws {
        let world = try Self.readerTeam()
        let alice = world.vault(.alice)
        try alice.share(path("/team/sub"), with: "bob", role: .writer)  // more than above: allowed
        try world.vault(.bob).put(Array("sub".utf8), at: path("@team/sub/bob.txt"))
        #expect(throws: VaultError.readOnly(path: "@team/")) { try world.vault(.bob).put([1], at: path("@team/x")) }
        // Carol writes through /team: she cannot be made a reader of /team/sub alone.
        #expect { try alice.share(path("/team/sub"), with: "carol", role: .reader) } throws: {
            ($0 as? VaultError)?.name == "wrongNodeType"
        }
        // Made a reader of /team, she is a reader in /team/sub's list too.
        try alice.share(path("/team"), with: "carol", role: .reader)
        let sub = try MemberList(parsing: world.bytes(world.folderID("/team/sub", as: .alice), .members))
        #expect(sub.role(of: Person.carol.account.accountID) == .reader)
        #expect(sub.role(of: Person.bob.account.accountID) == .writer)
        #expect(throws: VaultError.readOnly(path: "@team/sub")) {
            try world.vault(.carol).put([1], at: path("@team/sub/x"))
        }
        #expect(try world.vault(.carol).read(path("@team/sub/bob.txt")) == Array("sub".utf8))
    }
}
