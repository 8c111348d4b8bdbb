// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import Foundation
import Testing

@testable import CofferSharing

/// Sharing one version of one file with a person (Spec/vault.md §7.4): the recipient reads exactly that version,
/// nothing else of the folder, and every substitution a hostile provider can make is refused with a typed error
/// before any plaintext is released.
@Suite struct VaultFileShareTests {
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    /// Alice owns /team with plan.txt and secret.txt; contacts pinned and verified both ways.
    static func team(_ world: World, with people: [Person] = [.bob]) throws -> (plan: NodeID, secret: NodeID) {
        for person in people {
            world.pin(person, by: .alice)
            world.pin(.alice, by: person)
        }
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(path("/team"))
        try alice.put(Array("the plan".utf8), at: path("/team/plan.txt"))
        try alice.put(Array("the secret".utf8), at: path("/team/secret.txt"))
        return (world.id("plan.txt", in: "/team", as: .alice), world.id("secret.txt", in: "/team", as: .alice))
    }

    static func shareURL(_ world: World, _ file: NodeID, to person: Person) -> URL {
        world.url(VaultStorage.shareID(file, recipient: person.account.accountID))
    }

    static func expectError(_ name: String, _ comment: Comment? = nil, _ body: () throws -> Void) {
        #expect(comment) { try body() } throws: { ($0 as? VaultError)?.name == name }
    }

    @Test(arguments: [Person.bob, Person.dave])
    func aSharedFileRoundTripsAsVersion2OrVersion1(_ person: Person) throws {
        let world = World()
        let ids = try Self.team(world, with: [person])
        let receipt = try world.vault(.alice).shareFile(Self.path("/team/plan.txt"), with: person.name)
        #expect(receipt.file == ids.plan && receipt.isPostQuantum == (person.name == "bob"))
        let record = try FileShareRecord(parsing: Array(Data(contentsOf: Self.shareURL(world, ids.plan, to: person))))
        #expect(record.version == (person.name == "bob" ? 2 : 1))
        #expect(record.encoded.count <= FileShareRecord.maximumByteCount)
        let recipient = world.vault(person)
        let pending = try recipient.pendingFileShares()
        #expect(pending == [PendingFileShare(owner: Person.alice.account.accountID, file: ids.plan, name: "plan.txt")])
        #expect(try recipient.pendingShares().isEmpty)  // not a folder share
        try recipient.acceptFileShare(file: ids.plan, as: "plan")
        #expect(try recipient.pendingFileShares().isEmpty)
        #expect(try recipient.read(Self.path("@plan")) == Array("the plan".utf8))
        // It gives no folder: @plan lists nothing, and the folder share it is not cannot be accepted.
        Self.expectError("wrongNodeType") { _ = try recipient.list(Self.path("@plan")) }
        Self.expectError("notFound") { try recipient.accept(folder: world.folderID("/team", as: .alice), as: "t") }
    }

    /// Siblings stay unreadable with what a file share gives: the file key opens no other file's header.
    @Test func theFileKeyOpensNoSibling() throws {
        let world = World()
        let ids = try Self.team(world)
        try world.vault(.alice).shareFile(Self.path("/team/plan.txt"), with: "bob")
        let record = try FileShareRecord(parsing: Array(Data(contentsOf: Self.shareURL(world, ids.plan, to: .bob))))
        let opened = try record.open(me: Person.bob.account.identity, owner: Person.alice.account.identity.publicKeys)
        #expect(opened.name == "plan.txt" && opened.size == 8)
        let sibling = world.bytes(ids.secret, .head) + world.bytes(ids.secret, .body)
        #expect(throws: AgeError.self) {
            try AgeDecryptor(identities: [UnwrappedFileKeyIdentity(fileKey: opened.fileKey)]).decrypt(sibling)
        }
        let own = world.bytes(ids.plan, .head) + world.bytes(ids.plan, .body)
        #expect(
            try AgeDecryptor(identities: [UnwrappedFileKeyIdentity(fileKey: opened.fileKey)]).decrypt(own)
                == Array("the plan".utf8))
    }

    /// A snapshot: Bob keeps reading the version shared until Alice shares again; an older share served again
    /// after that is a rollback.
    @Test func sharingAgainSharesTheNewVersionAndTheOldShareIsARollback() throws {
        let world = World()
        let ids = try Self.team(world)
        let alice = world.vault(.alice)
        let bob = world.vault(.bob)
        try alice.shareFile(Self.path("/team/plan.txt"), with: "bob")
        let first = try Data(contentsOf: Self.shareURL(world, ids.plan, to: .bob))
        try bob.acceptFileShare(file: ids.plan, as: "plan")
        try alice.put(Array("plan v2".utf8), at: Self.path("/team/plan.txt"))
        #expect(try bob.read(Self.path("@plan")) == Array("the plan".utf8))
        #expect(try alice.shareFile(Self.path("/team/plan.txt"), with: "bob").version == 2)
        #expect(try bob.read(Self.path("@plan")) == Array("plan v2".utf8))
        try first.write(to: Self.shareURL(world, ids.plan, to: .bob))
        Self.expectError("rollbackDetected") { _ = try bob.read(Self.path("@plan")) }
    }

    /// Every substitution of the storage side, each refused with its typed error and nothing released.
    @Test func aHostileProviderIsRefused() throws {
        let world = World()
        let ids = try Self.team(world, with: [.bob, .carol])
        let alice = world.vault(.alice)
        let bob = world.vault(.bob)
        try alice.shareFile(Self.path("/team/plan.txt"), with: "bob")
        try alice.shareFile(Self.path("/team/plan.txt"), with: "carol")
        try alice.shareFile(Self.path("/team/secret.txt"), with: "bob")
        try bob.acceptFileShare(file: ids.plan, as: "plan")
        let mine = Self.shareURL(world, ids.plan, to: .bob)
        func attempt(_ name: String, _ what: String, restore: () throws -> Void) throws {
            let sink = MemorySink()
            Self.expectError(name, "\(what)") { try bob.read(Self.path("@plan"), to: sink) }
            #expect(sink.bytes.isEmpty, "\(what): nothing released")
            try restore()
            #expect(try bob.read(Self.path("@plan")) == Array("the plan".utf8), "\(what): restored")
        }
        /// The record at `url` replaced by `substitute` (withheld when nil) is refused with `name`, then put back.
        func substituted(_ url: URL, by substitute: Data?, _ name: String, _ what: String) throws {
            let saved = try Data(contentsOf: url)
            if let substitute { try substitute.write(to: url) } else { try FileManager.default.removeItem(at: url) }
            try attempt(name, what) { try saved.write(to: url) }
        }
        // The share record: Carol's copied to Bob's name, the other file's share, withheld.
        let carols = try Data(contentsOf: Self.shareURL(world, ids.plan, to: .carol))
        try substituted(mine, by: carols, "recordMisplaced", "another recipient's share")
        let otherFiles = try Data(contentsOf: Self.shareURL(world, ids.secret, to: .bob))
        try substituted(mine, by: otherFiles, "recordMisplaced", "another file's share")
        try substituted(mine, by: nil, "notAMember", "the share withheld")
        // The node record: swapped for the sibling's, edited, withheld.
        let node = world.url(ids.plan, .node)
        try substituted(node, by: Data(world.bytes(ids.secret, .node)), "manifestMismatch", "the sibling's node record")
        try substituted(node, by: nil, "childMissing", "the node record withheld")
        // The content: the sibling's header, a flipped chunk, the body withheld.
        let head = world.url(ids.plan, .head)
        try substituted(head, by: Data(world.bytes(ids.secret, .head)), "contentMismatch", "the sibling's header")
        let body = world.url(ids.plan, .body)
        var flipped = [UInt8](try Data(contentsOf: body))
        flipped[flipped.count - 1] ^= 1
        try substituted(body, by: Data(flipped), "contentDamaged", "a flipped payload byte")
        try substituted(body, by: nil, "childMissing", "the body withheld")
    }

    @Test func unshareDeletesTheShareAndTheRecipientIsRefused() throws {
        let world = World()
        let ids = try Self.team(world)
        let alice = world.vault(.alice)
        let bob = world.vault(.bob)
        try alice.shareFile(Self.path("/team/plan.txt"), with: "bob")
        try bob.acceptFileShare(file: ids.plan, as: "plan")
        #expect(try alice.unshareFile(Self.path("/team/plan.txt"), member: "bob") == Person.bob.account.accountID)
        #expect(!FileManager.default.fileExists(atPath: Self.shareURL(world, ids.plan, to: .bob).path))
        Self.expectError("notAMember") { _ = try bob.read(Self.path("@plan")) }
        Self.expectError("notFound") { try alice.unshareFile(Self.path("/team/plan.txt"), member: "bob") }
        // Alice's tree is untouched.
        #expect(try alice.read(Self.path("/team/plan.txt")) == Array("the plan".utf8))
        _ = try alice.verify(Self.path("/"))
    }

    /// `vault gc` keeps a live file's share and the version it pins while that version is kept; the share of a
    /// removed file is garbage with the file's other records.
    @Test func garbageCollectionKeepsALiveShareAndCollectsARemovedFilesShare() throws {
        let world = World()
        let ids = try Self.team(world)
        let alice = world.vault(.alice)
        let bob = world.vault(.bob)
        try alice.shareFile(Self.path("/team/plan.txt"), with: "bob")
        try bob.acceptFileShare(file: ids.plan, as: "plan")
        try alice.put(Array("plan v2".utf8), at: Self.path("/team/plan.txt"))  // the shared version is now history
        let later = Date().addingTimeInterval(7200)
        _ = try alice.collectGarbage(grace: 0, now: Date())
        _ = try alice.collectGarbage(grace: 0, now: later)
        #expect(try bob.read(Self.path("@plan")) == Array("the plan".utf8))
        try alice.remove(Self.path("/team/plan.txt"))
        _ = try alice.collectGarbage(grace: 0, now: later)
        _ = try alice.collectGarbage(grace: 0, now: later.addingTimeInterval(7200))
        #expect(!FileManager.default.fileExists(atPath: Self.shareURL(world, ids.plan, to: .bob).path))
        Self.expectError("notAMember") { _ = try bob.read(Self.path("@plan")) }
    }

    @Test func theMixingRuleAndOwnershipApply() throws {
        let world = World()
        _ = try Self.team(world, with: [.bob, .dave])
        let alice = world.vault(.alice)
        try alice.share(Self.path("/team"), with: "bob", role: .reader)
        Self.expectError("classicalShareRefused") { try alice.shareFile(Self.path("/team/plan.txt"), with: "dave") }
        #expect(try !alice.shareFile(Self.path("/team/plan.txt"), with: "dave", allowClassical: true).isPostQuantum)
        // A folder is not a file; a file in a folder shared with me is not mine to share.
        Self.expectError("wrongNodeType") { try alice.shareFile(Self.path("/team"), with: "dave") }
        let bob = world.vault(.bob)
        try bob.accept(folder: world.folderID("/team", as: .alice), as: "team")
        world.pin(.dave, by: .bob)
        Self.expectError("wrongNodeType") { try bob.shareFile(Self.path("@team/plan.txt"), with: "dave") }
        // An unverified contact gets nothing.
        world.pin(.carol, by: .alice, verified: false)
        Self.expectError("untrustedContact") { try alice.shareFile(Self.path("/team/plan.txt"), with: "carol") }
    }
}
