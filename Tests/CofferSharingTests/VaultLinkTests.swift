// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import Foundation
import Testing

@testable import CofferSharing

/// Vault folder links (Spec/links.md §8): the owner makes a link, a stranger with only the link and the vault
/// directory lists and reads the folder; the storage side's attacks end in typed errors.
@Suite struct VaultLinkTests {
    static let now: UInt64 = 1_800_000_000

    /// Alice owns /team (a file, a subfolder with a file) and /other (a file).
    static func world() throws -> World {
        let world = World()
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(VaultPath("/team"))
        try alice.makeFolder(VaultPath("/team/sub"))
        try alice.put(Array("plan".utf8), at: VaultPath("/team/plan.txt"))
        try alice.put(Array("deep".utf8), at: VaultPath("/team/sub/deep.txt"))
        try alice.makeFolder(VaultPath("/other"))
        try alice.put(Array("secret".utf8), at: VaultPath("/other/x.txt"))
        return world
    }

    static func link(_ world: World, _ path: String = "/team", options: FileLinks.Options = .init()) throws
        -> ShareLink
    {
        try world.vault(.alice).createLink(VaultPath(path), options: options, hashing: FastHashing())
    }

    /// The stranger's side: only the link text and a fresh view of the vault directory.
    static func open(
        _ world: World, _ link: ShareLink, password: Password? = nil, now: UInt64 = now
    ) throws -> VaultLinkReader {
        let store = try VaultDirectoryStore(directory: world.store.directory)
        return try VaultLinkReader.open(
            try ShareLink(parsing: link.revealedText()), password: password, now: now, store: store,
            hashing: FastHashing())
    }

    @Test("a stranger lists and reads the linked folder", arguments: [false, true])
    func strangerReads(password: Bool) throws {
        let world = try Self.world()
        let pw = password ? Password("correct horse battery staple") : nil
        let link = try Self.link(world, options: .init(password: pw))
        let reader = try Self.open(world, link, password: pw)
        #expect(reader.owner == Person.alice.account.accountID)
        #expect(try reader.list().map(\.name) == ["plan.txt", "sub"])
        #expect(try reader.read(VaultPath("/plan.txt")) == Array("plan".utf8))
        #expect(try reader.list(VaultPath("/sub")).map(\.name) == ["deep.txt"])
        #expect(try reader.read(VaultPath("/sub/deep.txt")) == Array("deep".utf8))
        // The link reaches nothing outside its folder.
        #expect { try reader.read(VaultPath("/x.txt")) } throws: { ($0 as? VaultError)?.name == "notFound" }
        #expect { try reader.list(VaultPath("@team")) } throws: { ($0 as? VaultError)?.name == "invalidName" }
        if password {
            #expect(throws: LinkError.passwordRequired) { try Self.open(world, link) }
            #expect(throws: LinkError.wrongPassword) { try Self.open(world, link, password: Password("nope")) }
        }
        let listed = try world.vault(.alice).links()
        #expect(listed.map(\.lookupID) == [link.lookupID])
        #expect(listed.first?.hasPassword == password)
    }

    @Test func expiredAndRevokedLinksAreRefused() throws {
        let world = try Self.world()
        let link = try Self.link(world, options: .init(expiry: Self.now + 60))
        _ = try Self.open(world, link)
        #expect(throws: LinkError.linkExpired(expiry: Self.now + 60, now: Self.now + 60)) {
            try Self.open(world, link, now: Self.now + 60)
        }
        try world.vault(.alice).revokeLink(link.lookupID)
        #expect(throws: LinkError.noLinkStanza(lookupID: link.lookupID.urlText)) { try Self.open(world, link) }
        #expect(try world.vault(.alice).links().isEmpty)
        #expect { try world.vault(.alice).revokeLink(link.lookupID) } throws: {
            ($0 as? VaultError)?.name == "notFound"
        }
    }

    @Test func revokeWithRekeyClosesTheLinkForNewFiles() throws {
        let world = try Self.world()
        let link = try Self.link(world)
        let recordID = StoredFolderLink.recordID(link.lookupID)
        let kept = try world.store.get(recordID)
        #expect(try world.vault(.alice).revokeLink(link.lookupID, rekey: true) == 2)
        try world.vault(.alice).put(Array("new".utf8), at: VaultPath("/team/new.txt"))
        // A server that keeps serving the revoked envelope: the epoch-1 key cannot open what came after.
        try world.store.put(recordID, kept)
        let reader = try Self.open(world, link)
        #expect { try reader.list() } throws: { ($0 as? VaultError)?.name == "epochKeyUnavailable" }
        #expect(try world.vault(.alice).read(VaultPath("/team/new.txt")) == Array("new".utf8))
    }

    @Test func serverPointingTheLinkAtAnotherFolderIsRefused() throws {
        let world = try Self.world()
        let link = try Self.link(world)
        let recordID = StoredFolderLink.recordID(link.lookupID)
        let stored = try StoredFolderLink(parsing: world.store.get(recordID))
        let other = world.folderID("/other", as: .alice)
        try world.store.put(recordID, StoredFolderLink(folder: other, envelope: stored.envelope).encoded)
        #expect(throws: LinkError.targetMismatch) { try Self.open(world, link) }
        // Another folder's envelope under this lookup id: signed by another link's key.
        let otherLink = try Self.link(world, "/other")
        try world.store.put(recordID, world.store.get(StoredFolderLink.recordID(otherLink.lookupID)))
        #expect(throws: LinkError.self) { try Self.open(world, link) }
    }

    @Test func serverSwappingAFileInTheLinkedFolderIsRefused() throws {
        let world = try Self.world()
        let link = try Self.link(world)
        let plan = try #require(try world.vault(.alice).list(VaultPath("/team")).first { $0.name == "plan.txt" }).id
        let deep = try #require(try world.vault(.alice).list(VaultPath("/team/sub")).first).id
        world.replace(plan, .node, with: world.bytes(deep, .node))
        #expect { try Self.open(world, link).list() } throws: { ($0 as? VaultError)?.name == "recordMisplaced" }
        let fresh = try Self.world()
        let freshLink = try Self.link(fresh)
        let x = try #require(try fresh.vault(.alice).list(VaultPath("/other")).first).id
        let p = try #require(try fresh.vault(.alice).list(VaultPath("/team")).first { $0.name == "plan.txt" }).id
        fresh.replace(p, .body, with: fresh.bytes(x, .body))
        // A body of another size is refused by its size (recordTooLarge) or, if it fits, by the commitment.
        #expect { try Self.open(fresh, freshLink).read(VaultPath("/plan.txt")) } throws: {
            ["contentMismatch", "recordTooLarge"].contains(($0 as? VaultError)?.name)
        }
    }

    @Test func forgedOwnerIsRefused() throws {
        let world = try Self.world()
        let link = try Self.link(world)
        let recordID = StoredFolderLink.recordID(link.lookupID)
        let stored = try StoredFolderLink(parsing: world.store.get(recordID))
        // The server names Mallory as owner and re-signs with a key of its own: the link signature fails.
        var record = stored.envelope.record
        record.owner = Person.mallory.account.accountID
        let forged = LinkEnvelope(
            record: record, wrappedKey: stored.envelope.wrappedKey,
            signingKey: try Ed25519.SigningKey(seed: .random(count: 32)))
        try world.store.put(recordID, StoredFolderLink(folder: stored.folder, envelope: forged).encoded)
        #expect(throws: LinkError.badRecordSignature) { try Self.open(world, link) }
        // The server serves Mallory's bundle under Alice's id: the id is derived from the signing key.
        try world.store.put(recordID, stored.encoded)
        try world.store.put(RecordID.bundle(Person.alice.account.accountID), Person.mallory.account.bundle.encoded)
        #expect { try Self.open(world, link) } throws: { ($0 as? VaultError)?.name == "account" }
    }

    @Test func aVersionOneFolderRecordIsRefusedByTheVaultReader() throws {
        let world = try Self.world()
        let team = world.folderID("/team", as: .alice)
        let made = try FolderLinks.makeLink(
            folderKey: .random(count: 32), folderID: team.bytes, options: .init())
        let stored = StoredFolderLink(folder: team, envelope: made.envelope)
        try world.store.put(StoredFolderLink.recordID(made.link.lookupID), stored.encoded)
        #expect(made.envelope.record.version == 1)
        #expect(throws: LinkError.unsupportedRecordVersion(1)) { try Self.open(world, made.link) }
    }
}
