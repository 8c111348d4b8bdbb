// SPDX-License-Identifier: MIT
// The storage side turns hostile against chunked listings (Spec/vault.md §6.1, §8.2): one test per attack on the
// chunks a signed head pins, each asserting the exact typed error and that no listing or file is released.
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

@Suite struct MaliciousListingTests {
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    /// Alice's /f with 12 files, written in chunks of at most 3 (so it has several chunks).
    static func populated() throws -> (World, NodeID) {
        let world = World()
        var vault = world.vault(.alice)
        vault.listingShape = ListingShape(maximum: 3, split: 2, minimum: 2)
        try vault.initialize()
        try vault.makeFolder(path("/f"))
        for index in 0..<12 { try vault.put(Array("secret \(index)".utf8), at: path("/f/n\(index)")) }
        let id = world.folderID("/f", as: .alice)
        #expect(try chunkIDs(world, id).count >= 4)
        return (world, id)
    }

    /// The chunk records /f's head pins, in order.
    static func chunkIDs(_ world: World, _ folder: NodeID) throws -> [RecordID] {
        let head = try ListingHead(parsing: Array(Data(contentsOf: world.url(VaultStorage.recordID(folder, .list)))))
        return head.chunks.map { VaultStorage.chunkID(folder, hash: $0.hash) }
    }

    static func bytes(_ world: World, _ id: RecordID) throws -> [UInt8] { Array(try Data(contentsOf: world.url(id))) }

    static func write(_ world: World, _ id: RecordID, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: world.url(id))
    }

    /// Listing /f and reading one of its files both fail with `expected`.
    static func expectRefused(_ world: World, _ expected: (VaultError) -> Bool) {
        let vault = world.vault(.alice)
        #expect { try vault.list(path("/f")) } throws: { ($0 as? VaultError).map(expected) ?? false }
        expectNoPlaintext(vault, "/f/n5", in: world, expected)
        #expect { try vault.verify(path("/")) } throws: { ($0 as? VaultError).map(expected) ?? false }
    }

    @Test func attackWithholdAChunk() throws {
        let (world, folder) = try Self.populated()
        try FileManager.default.removeItem(at: world.url(try Self.chunkIDs(world, folder)[1]))
        Self.expectRefused(world) { $0.name == "childMissing" }
    }

    @Test func attackSwapTwoChunks() throws {
        let (world, folder) = try Self.populated()
        let ids = try Self.chunkIDs(world, folder)
        let (first, second) = (try Self.bytes(world, ids[0]), try Self.bytes(world, ids[1]))
        try Self.write(world, ids[0], second)
        try Self.write(world, ids[1], first)
        Self.expectRefused(world) { $0.name == "manifestMismatch" }
    }

    @Test func attackReplayAnOlderChunk() throws {
        let (world, folder) = try Self.populated()
        let before = try Self.chunkIDs(world, folder)
        let old = try before.map { try Self.bytes(world, $0) }
        try world.vault(.alice).put(Array("newer".utf8), at: Self.path("/f/n0"))
        // Every chunk the new head pins served with the bytes of a chunk of the older listing.
        let after = try Self.chunkIDs(world, folder)
        let changed = after.filter { !before.contains($0) }
        #expect(!changed.isEmpty)
        for id in changed { try Self.write(world, id, old[0]) }
        Self.expectRefused(world) { $0.name == "manifestMismatch" }
    }

    @Test func attackEditAChunk() throws {
        let (world, folder) = try Self.populated()
        let id = try Self.chunkIDs(world, folder)[2]
        var edited = try Self.bytes(world, id)
        edited[edited.count - 20] ^= 1  // inside a name tag
        try Self.write(world, id, edited)
        Self.expectRefused(world) { $0.name == "manifestMismatch" }
    }

    @Test func attackDropAChunkFromTheHead() throws {
        // Without the writer's key the head cannot be changed to pin fewer chunks: its signature fails.
        let (world, folder) = try Self.populated()
        let url = world.url(VaultStorage.recordID(folder, .list))
        var head = Array(try Data(contentsOf: url))
        let references = 4 + 1 + 16 + 16 + 8 + 4 + 4
        let dropped = head[references + 3]  // the first chunk's count (under 256)
        head.removeSubrange(references..<(references + 36))
        head[references - 1] -= 1  // m
        head[references - 5] -= dropped  // n: the layout still adds up; only the signature can tell
        try Data(head).write(to: url)
        Self.expectRefused(world) { $0.name == "signatureInvalid" }
    }

    @Test func attackRollBackTheHeadWithItsChunks() throws {
        let (world, folder) = try Self.populated()
        let listURL = world.url(VaultStorage.recordID(folder, .list))
        let oldHead = try Data(contentsOf: listURL)
        let oldChunks = try Self.chunkIDs(world, folder).map { ($0, try Self.bytes(world, $0)) }
        try world.vault(.alice).remove(Self.path("/f/n3"))
        // The older head and every chunk it pinned, all authentic: older than this device has seen.
        try oldHead.write(to: listURL)
        for (id, bytes) in oldChunks { try Self.write(world, id, bytes) }
        Self.expectRefused(world) { $0.name == "rollbackDetected" }
    }

    @Test func attackServeAnotherFoldersHead() throws {
        let (world, folder) = try Self.populated()
        try world.vault(.alice).makeFolder(Self.path("/g"))
        let other = world.folderID("/g", as: .alice)
        try Data(contentsOf: world.url(VaultStorage.recordID(other, .list)))
            .write(to: world.url(VaultStorage.recordID(folder, .list)))
        Self.expectRefused(world) { $0.name == "recordMisplaced" }
    }

    @Test func anInjectedChunkIsNotPartOfTheListing() throws {
        let (world, folder) = try Self.populated()
        let vault = world.vault(.alice)
        let listed = try vault.list(Self.path("/f"))
        // A well-formed chunk naming a child that does not exist, stored beside: no head pins it.
        let stray = ListingChunk.make(
            treeOwner: vault.accountID, folder: folder, written: 99,
            entries: [
                Manifest.Entry(
                    id: .random(), kind: .file, recordHash: [UInt8](repeating: 7, count: 32),
                    nameTag: [UInt8](repeating: 1, count: 16))
            ])
        try Self.write(world, VaultStorage.chunkID(folder, hash: stray.hash), stray.encoded)
        #expect(try vault.list(Self.path("/f")) == listed)
        _ = try vault.verify(Self.path("/"))
    }

    @Test func aWrongNameTagFromAWriterIsRefusedWhenTheChildIsRead() throws {
        // A (buggy or modified) writer signs a head whose chunk gives a child another name's tag: the lookup would
        // miss it, so every read of the child checks its tag.
        let (world, folder) = try Self.populated()
        let vault = world.vault(.alice)
        let view = try vault.folder(at: Self.path("/f"))
        var entries = view.manifest.entries
        let victim = entries[0]
        entries[0] = Manifest.Entry(
            id: victim.id, kind: victim.kind, recordHash: victim.recordHash, nameTag: entries[1].nameTag)
        let chunk = ListingChunk.make(
            treeOwner: vault.accountID, folder: folder, written: view.manifest.version + 1, entries: entries)
        try Self.write(world, VaultStorage.chunkID(folder, hash: chunk.hash), chunk.encoded)
        let head = ListingHead.make(
            treeOwner: vault.accountID, folder: folder, version: view.manifest.version + 1, chunks: [chunk],
            signer: vault.signer)
        try Self.write(world, VaultStorage.recordID(folder, .list), head.encoded)
        #expect { try vault.list(Self.path("/f")) } throws: {
            ($0 as? VaultError) == .manifestMismatch(node: victim.id.hex)
        }
        #expect { try vault.verify(Self.path("/")) } throws: { ($0 as? VaultError)?.name == "manifestMismatch" }
    }
}
