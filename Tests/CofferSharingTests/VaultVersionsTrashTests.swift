// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// Versions and the trash (Spec/vault.md §4.1, §6.4, §8.7) against a hostile storage side, and `vault gc` keeping
/// what the policy keeps (§10.10).
@Suite struct VaultVersionsTrashTests {
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    /// A vault over an in-memory store holding /f.txt in three versions ("one", "two", "three").
    func threeVersions() throws -> (World, MemoryRecordStore, Vault) {
        let world = World()
        let store = MemoryRecordStore()
        let vault = world.vault(.alice, store: store)
        try vault.initialize()
        for text in ["one", "two", "three"] { try vault.put(Array(text.utf8), at: Self.path("/f.txt")) }
        return (world, store, vault)
    }

    func read(_ vault: Vault, _ version: UInt64) throws -> String {
        let sink = MemorySink()
        try vault.read(Self.path("/f.txt"), version: version, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// The record id of version `number` of /f.txt, as the current record names it.
    func recordID(_ vault: Vault, version number: UInt64) throws -> RecordID {
        let (_, child) = try vault.file(at: Self.path("/f.txt"))
        let hash = try #require(child.metadata.previous.first { $0.version == number }).recordHash
        return VaultStorage.nodeRecordID(child.record.id, hash: hash)
    }

    func fails(_ expected: String, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { ($0 as? VaultError)?.name == expected }
    }

    @Test func versionsAreListedReadAndRestoredAsANewVersion() throws {
        let (world, _, vault) = try threeVersions()
        defer { withExtendedLifetime(world) {} }
        #expect(try vault.versions(of: Self.path("/f.txt")).map(\.number) == [3, 2, 1])
        #expect(try vault.versions(of: Self.path("/f.txt")).map(\.size) == [5, 3, 3])
        #expect(try read(vault, 1) == "one" && read(vault, 2) == "two" && read(vault, 3) == "three")
        fails("notFound") { _ = try read(vault, 4) }
        try vault.restore(Self.path("/f.txt"), version: 1)
        #expect(try vault.read(Self.path("/f.txt")) == Array("one".utf8))
        #expect(try vault.versions(of: Self.path("/f.txt")).map(\.number) == [4, 3, 2, 1])
        #expect(try read(vault, 3) == "three")
        let report = try vault.verify(Self.path("/"))
        #expect(report.files == 1 && report.earlierVersions == 3)
    }

    @Test func theHistoryKeepsAtMostThePolicysVersionsAndGcDeletesOnlyTheRest() throws {
        let (world, store, baseVault) = try threeVersions()
        defer { withExtendedLifetime(world) {} }
        var vault = baseVault
        vault.keptVersions = 2
        try vault.put(Array("four".utf8), at: Self.path("/f.txt"))
        #expect(try vault.versions(of: Self.path("/f.txt")).map(\.number) == [4, 3])
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        #expect(try vault.collectGarbage(now: start).deleted == 0)
        let second = try vault.collectGarbage(now: start.addingTimeInterval(Vault.garbageGrace))
        // Versions 1 and 2 fell out of the history: their node records, headers and bodies (6 records) go.
        #expect(second.deleted == 6)
        #expect(try read(vault, 3) == "three")
        #expect(try vault.read(Self.path("/f.txt")) == Array("four".utf8))
        #expect(try vault.verify(Self.path("/")).earlierVersions == 1)
        // The default policy keeps ten: nothing more is collected.
        vault.keptVersions = Vault.defaultKeptVersions
        for text in ["5", "6", "7"] { try vault.put(Array(text.utf8), at: Self.path("/f.txt")) }
        _ = try vault.collectGarbage(now: start.addingTimeInterval(2 * Vault.garbageGrace))
        #expect(try vault.collectGarbage(now: start.addingTimeInterval(4 * Vault.garbageGrace)).deleted == 0)
        #expect(try vault.versions(of: Self.path("/f.txt")).map(\.number) == [7, 6, 5, 4, 3])
        _ = store
    }

    @Test func aSwappedWithheldOrInjectedOldVersionIsRefused() throws {
        let (world, store, vault) = try threeVersions()
        defer { withExtendedLifetime(world) {} }
        let one = try recordID(vault, version: 1)
        let two = try recordID(vault, version: 2)
        let original = try store.get(one)
        // Swapped: version 2's record (correctly signed, same node and folder) served as version 1.
        try store.put(one, try store.get(two))
        fails("manifestMismatch") { _ = try read(vault, 1) }
        fails("manifestMismatch") { _ = try vault.versions(of: Self.path("/f.txt")) }
        fails("manifestMismatch") { try vault.restore(Self.path("/f.txt"), version: 1) }
        fails("manifestMismatch") { _ = try vault.collectGarbage() }
        // Another file's record (another node) served as version 1.
        try vault.put(Array("other".utf8), at: Self.path("/g.txt"))
        let (_, other) = try vault.file(at: Self.path("/g.txt"))
        try store.put(one, other.record.encoded)
        fails("manifestMismatch") { _ = try read(vault, 1) }
        // Withheld.
        try store.remove(one)
        fails("childMissing") { _ = try read(vault, 1) }
        fails("childMissing") { _ = try vault.verify(Self.path("/")) }
        fails("childMissing") { _ = try vault.collectGarbage() }
        try store.put(one, original)
        #expect(try read(vault, 1) == "one")
        // Injected: a record of this node that no current record names is never a version.
        let (_, current) = try vault.file(at: Self.path("/f.txt"))
        let injected = VaultStorage.nodeRecordID(current.record.id, hash: other.record.hash)
        try store.put(injected, other.record.encoded)
        #expect(try vault.versions(of: Self.path("/f.txt")).map(\.number) == [3, 2, 1])
    }

    @Test func aRolledBackListingCannotBringBackAnOldVersionOrHideTheTrash() throws {
        let (world, store, vault) = try threeVersions()
        defer { withExtendedLifetime(world) {} }
        let listing = VaultStorage.recordID(vault.rootID, .list)
        let before = try store.get(listing)
        try vault.put(Array("four".utf8), at: Self.path("/f.txt"))
        try vault.trash(Self.path("/f.txt"), recursive: false)
        #expect(try vault.trashEntries(under: Self.path("/")).map(\.path.description) == ["/f.txt"])
        let trashed = try store.get(listing)
        // The provider serves the listing from before the put and the rm: this device refuses it.
        try store.put(listing, before)
        fails("rollbackDetected") { _ = try vault.list(Self.path("/")) }
        fails("rollbackDetected") { _ = try vault.trashEntries(under: Self.path("/")) }
        try store.put(listing, trashed)
        // The provider serves the record from before the rm (not trashed) for the one the listing pins.
        let folder = try vault.folder(at: Self.path("/"))
        let entry = try #require(folder.manifest.entries.first)
        let pinned = VaultStorage.nodeRecordID(entry.id, hash: entry.recordHash)
        let trashedRecord = try store.get(pinned)
        let versions = try vault.reader.children(of: folder)[0].metadata.previous
        let older = VaultStorage.nodeRecordID(entry.id, hash: versions[0].recordHash)
        try store.put(pinned, try store.get(older))
        fails("manifestMismatch") { _ = try vault.trashEntries(under: Self.path("/")) }
        fails("manifestMismatch") { try vault.restoreFromTrash(Self.path("/f.txt")) }
        try store.put(pinned, trashedRecord)
        try vault.restoreFromTrash(Self.path("/f.txt"))
        #expect(try vault.read(Self.path("/f.txt")) == Array("four".utf8))
    }

    @Test func trashRestoreAndEmpty() throws {
        let (world, store, vault) = try threeVersions()
        defer { withExtendedLifetime(world) {} }
        try vault.makeFolder(Self.path("/d"))
        try vault.put(Array("x".utf8), at: Self.path("/d/x.txt"))
        fails("wrongNodeType") { try vault.trash(Self.path("/d"), recursive: false) }
        try vault.trash(Self.path("/d"), recursive: true)
        try vault.trash(Self.path("/f.txt"), recursive: false)
        #expect(try vault.list(Self.path("/")).isEmpty)
        fails("notFound") { _ = try vault.read(Self.path("/f.txt")) }
        #expect(try vault.trashEntries(under: Self.path("/")).map(\.path.description) == ["/d", "/f.txt"])
        // A new file of the same name, then the trashed one back under another name: nothing is lost.
        try vault.put(Array("new".utf8), at: Self.path("/f.txt"))
        fails("alreadyExists") { try vault.restoreFromTrash(Self.path("/f.txt")) }
        try vault.restoreFromTrash(Self.path("/f.txt"), as: "old.txt")
        #expect(try vault.read(Self.path("/old.txt")) == Array("three".utf8))
        #expect(try vault.versions(of: Self.path("/old.txt")).count == 3)
        #expect(try vault.read(Self.path("/f.txt")) == Array("new".utf8))
        // Empty: only what is older than the cutoff, then the rest; the folder's records go with it.
        #expect(try vault.emptyTrash(under: Self.path("/"), trashedBefore: 1) == 0)
        let recordsBefore = try store.recordIDs().count
        #expect(try vault.emptyTrash(under: Self.path("/")) == 1)
        #expect(try store.recordIDs().count < recordsBefore - 4)
        #expect(try vault.trashEntries(under: Self.path("/")).isEmpty)
        fails("notFound") { try vault.restoreFromTrash(Self.path("/d")) }
        #expect(try vault.list(Self.path("/")).map(\.name) == ["f.txt", "old.txt"])
        // Two trashed entries of one name: the newest comes back, or the one `id` names.
        try vault.trash(Self.path("/f.txt"), recursive: false, now: Date(timeIntervalSince1970: 100))
        try vault.put(Array("newer".utf8), at: Self.path("/f.txt"))
        try vault.trash(Self.path("/f.txt"), recursive: false, now: Date(timeIntervalSince1970: 200))
        let first = try #require(try vault.trashEntries(under: Self.path("/")).first { $0.trashed == 100 })
        try vault.restoreFromTrash(Self.path("/f.txt"), id: first.id)
        #expect(try vault.read(Self.path("/f.txt")) == Array("new".utf8))
        try vault.restoreFromTrash(Self.path("/f.txt"), as: "newer.txt")
        #expect(try vault.read(Self.path("/newer.txt")) == Array("newer".utf8))
    }
}
