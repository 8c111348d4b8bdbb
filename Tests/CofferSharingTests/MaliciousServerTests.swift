// SPDX-License-Identifier: MIT
// The malicious-server suite for content, naming, listings and cross-account records: one test per attack,
// so it runs past 200 lines.
// The storage side turns hostile: one test per attack (Spec/security.md), each named for its attack, each asserting the
// exact typed error and that no plaintext was released (no bytes returned, no output file, no temporary left).
// Sharing attacks are in MaliciousServerSharingTests.swift. Spec/security.md lists attack → rule → test.
import CofferAge
import CofferKeys
import CofferPrimitives
import Foundation
import Testing

@testable import CofferSharing

@Suite(.countedCases("malicious-server suite")) struct MaliciousServerTests {
    /// Alice's vault with /a/one.txt, /a/two.txt (200 000 bytes: four chunks) and /b/three.txt.
    static func populated(_ transport: Transport = .directory) throws -> World {
        let world = World(transport)
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/a"))
        try vault.makeFolder(VaultPath("/b"))
        try vault.put(Array("first secret".utf8), at: VaultPath("/a/one.txt"))
        try vault.put(content(200_000), at: VaultPath("/a/two.txt"))
        try vault.put(Array("third secret".utf8), at: VaultPath("/b/three.txt"))
        return world
    }

    @Test(arguments: Transport.allCases) func attackSwapTwoFilesWrappedKeys(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let one = world.id("one.txt", in: "/a", as: .alice)
        let two = world.id("two.txt", in: "/a", as: .alice)
        world.swap(one, two, .head)
        for path in ["/a/one.txt", "/a/two.txt"] {
            expectNoPlaintext(world.vault(.alice), path, in: world) { $0.name == "contentMismatch" }
        }
    }

    @Test(arguments: Transport.allCases) func attackSwapNames(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let one = world.id("one.txt", in: "/a", as: .alice)
        let two = world.id("two.txt", in: "/a", as: .alice)
        // The sealed names moved between the two records (everything else kept): no longer the pinned record.
        let recordOne = world.bytes(one, .node)
        let recordTwo = world.bytes(two, .node)
        let sealedStart = 4 + 1 + 16 * 3 + 1 + 8 + 4 + 32
        let sealedEnd = recordOne.count - 80
        var spliced = recordOne
        spliced.replaceSubrange(sealedStart..<sealedEnd, with: recordTwo[sealedStart..<(recordTwo.count - 80)])
        world.replace(one, .node, with: spliced)
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world) { $0 == .manifestMismatch(node: one.hex) }
        #expect { try world.vault(.alice).list(VaultPath("/a")) } throws: {
            ($0 as? VaultError) == .manifestMismatch(node: one.hex)
        }
        // Whole records swapped: each names another node than the slot it sits in.
        world.replace(one, .node, with: recordTwo)
        world.replace(two, .node, with: recordOne)
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) { $0.name == "recordMisplaced" }
    }

    @Test(arguments: Transport.allCases) func attackMoveFileToAnotherFolder(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let a = world.folderID("/a", as: .alice)
        let b = world.folderID("/b", as: .alice)
        let one = world.id("one.txt", in: "/a", as: .alice)
        let three = world.id("three.txt", in: "/b", as: .alice)
        // /a's signed listing served for /b: the listing names another folder.
        let listingB = world.bytes(b, .list)
        world.replace(b, .list, with: world.bytes(a, .list))
        expectNoPlaintext(world.vault(.alice), "/b/one.txt", in: world) { $0.name == "recordMisplaced" }
        world.replace(b, .list, with: listingB)
        // /a/one.txt's record and content served in the slot of /b/three.txt: the record names its real parent.
        for slot in [VaultStorage.Slot.node, .head, .body] { world.replace(three, slot, with: world.bytes(one, slot)) }
        expectNoPlaintext(world.vault(.alice), "/b/three.txt", in: world) { $0.name == "recordMisplaced" }
    }

    @Test(arguments: Transport.allCases) func attackSwapTwoFilesContentBlobs(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let one = world.id("one.txt", in: "/a", as: .alice)
        let two = world.id("two.txt", in: "/a", as: .alice)
        world.swap(one, two, .body)
        // one.txt now holds two.txt's longer body: refused by its size before it is read (Spec/vault.md §10.5).
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world) { $0.name == "recordTooLarge" }
        // two.txt holds one.txt's shorter body: it fits the bound, and the commitment refuses it.
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) { $0.name == "contentMismatch" }
        world.swap(one, two, .head)
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) { $0.name == "contentMismatch" }
    }

    static let chunk = 65_536 + 16

    @Test(arguments: Transport.allCases) func attackTruncateContentChunks(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let two = world.id("two.txt", in: "/a", as: .alice)
        let body = world.bytes(two, .body)
        // Cut at a chunk boundary (the final chunk dropped): the last remaining chunk is not marked final.
        world.replace(two, .body, with: Array(body.prefix(16 + 3 * Self.chunk)))
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) {
            if case .contentDamaged(two.hex, let age) = $0.reason, case .truncated = age.reason { true } else { false }
        }
        // Cut inside a chunk.
        world.replace(two, .body, with: Array(body.prefix(16 + Self.chunk + 1000)))
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) {
            $0 == .contentDamaged(node: two.hex, .chunkAuthenticationFailed(chunk: 1))
        }
    }

    @Test(arguments: Transport.allCases) func attackExtendContentChunks(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let two = world.id("two.txt", in: "/a", as: .alice)
        let body = world.bytes(two, .body)
        // A body longer than the signed size needs is refused before it is read (Spec/vault.md §10.5): a chunk
        // appended, or one byte.
        world.replace(two, .body, with: body + Array(body[16..<(16 + Self.chunk)]))
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) {
            if case .recordTooLarge(_, UInt64(body.count + Self.chunk), body.count) = $0.reason { true } else { false }
        }
        world.replace(two, .body, with: body + [0])
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) {
            if case .recordTooLarge(_, UInt64(body.count + 1), body.count) = $0.reason { true } else { false }
        }
        // A change the size allows for (the last byte, which is the last chunk's tag, replaced by another value;
        // a fixed value would leave the body unchanged whenever the tag happened to end in it): the age reader
        // refuses it.
        var retagged = body
        if let last = retagged.indices.last { retagged[last] ^= 0x01 }
        world.replace(two, .body, with: retagged)
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) {
            $0 == .contentDamaged(node: two.hex, .chunkAuthenticationFailed(chunk: 3))
        }
    }

    @Test(arguments: Transport.allCases) func attackReorderContentChunks(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let two = world.id("two.txt", in: "/a", as: .alice)
        let body = world.bytes(two, .body)
        let first = 16..<(16 + Self.chunk)
        let second = (16 + Self.chunk)..<(16 + 2 * Self.chunk)
        var reordered = body
        reordered.replaceSubrange(first, with: body[second])
        reordered.replaceSubrange(second, with: body[first])
        world.replace(two, .body, with: reordered)
        expectNoPlaintext(world.vault(.alice), "/a/two.txt", in: world) {
            $0 == .contentDamaged(node: two.hex, .chunkAuthenticationFailed(chunk: 0))
        }
    }

    @Test(arguments: Transport.allCases) func attackReplayOlderManifest(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let a = world.folderID("/a", as: .alice)
        let old = world.bytes(a, .list)
        try world.vault(.alice).put(Array("new".utf8), at: VaultPath("/a/new.txt"))
        world.replace(a, .list, with: old)
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world) {
            if case .rollbackDetected(kind: "manifest", _, _) = $0.reason { true } else { false }
        }
        // The same for the root listing (keyrings: vault_folder_keyring.json, Rollback).
        let root = NodeID.root(of: Person.alice.account.accountID)
        let oldRoot = world.bytes(root, .list)
        try world.vault(.alice).makeFolder(VaultPath("/c"))
        world.replace(root, .list, with: oldRoot)
        #expect { try world.vault(.alice).list(VaultPath("/")) } throws: {
            if case .rollbackDetected(kind: "manifest", _, _) = ($0 as? VaultError)?.reason { true } else { false }
        }
    }

    @Test(arguments: Transport.allCases) func attackDeleteChild(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let one = world.id("one.txt", in: "/a", as: .alice)
        // A listed record deleted: the folder cannot be listed, and no file of it is read.
        world.delete(one, .node)
        #expect { try world.vault(.alice).list(VaultPath("/a")) } throws: {
            ($0 as? VaultError) == .childMissing(node: one.hex)
        }
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world) { $0 == .childMissing(node: one.hex) }
        // A sibling still reads: a lookup reads only the child its name tag points to (Spec/vault.md §6.2).
        #expect(try world.vault(.alice).read(VaultPath("/a/two.txt")) == content(200_000))
        // A listed file's content deleted.
        let world2 = try Self.populated(transport)
        let two = world2.id("two.txt", in: "/a", as: .alice)
        world2.delete(two, .body)
        expectNoPlaintext(world2.vault(.alice), "/a/two.txt", in: world2) { $0 == .childMissing(node: two.hex) }
        // A subfolder's listing deleted.
        let b = world2.folderID("/b", as: .alice)
        world2.delete(b, .list)
        expectNoPlaintext(world2.vault(.alice), "/b/three.txt", in: world2) { $0 == .childMissing(node: b.hex) }
    }

    @Test(arguments: Transport.allCases) func attackAddFileOrFolderThatNoMemberSigned(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let alice = world.vault(.alice)
        let a = world.folderID("/a", as: .alice)
        let listing = try ListingHead(parsing: world.bytes(a, .list))
        let listed = try alice.folder(at: VaultPath("/a")).manifest.entries
        // Mallory (the provider, or anyone with an account) signs a listing with one more child.
        let intruder = NodeID.random()
        let forgedKey = FolderKey.random()
        let record = NodeRecord.seal(
            treeOwner: Person.alice.account.accountID, id: intruder, parent: a, kind: .file, version: 1, epoch: 1,
            parentKey: forgedKey, commitment: [UInt8](repeating: 0, count: 32),
            metadata: try NodeMetadata(name: "invoice.pdf"),
            signer: VaultSigner(identity: Person.mallory.account.identity))
        world.replace(intruder, .node, with: record.encoded)
        let entries = (listed + [Manifest.Entry(id: intruder, kind: .file, recordHash: record.hash)])
            .sorted { $0.id < $1.id }
        let chunk = ListingChunk.make(
            treeOwner: Person.alice.account.accountID, folder: a, written: listing.version + 1, entries: entries)
        try Data(chunk.encoded).write(to: world.url(VaultStorage.chunkID(a, hash: chunk.hash)))
        let forged = ListingHead.make(
            treeOwner: Person.alice.account.accountID, folder: a, version: listing.version + 1, chunks: [chunk],
            signer: VaultSigner(identity: Person.mallory.account.identity))
        world.replace(a, .list, with: forged.encoded)
        expectNoPlaintext(alice, "/a/one.txt", in: world) {
            $0 == .unauthorizedWriter(kind: "listing head", signer: Person.mallory.account.accountID.hex)
        }
        // Alice's own head with its chunk's pinned hash replaced by that chunk's: the signature breaks.
        var edited = listing.encoded
        let firstReference = 4 + 1 + 32 + 8 + 4 + 4
        edited.replaceSubrange((firstReference + 4)..<(firstReference + 36), with: chunk.hash)
        world.replace(a, .list, with: edited)
        expectNoPlaintext(alice, "/a/one.txt", in: world) { $0 == .signatureInvalid(kind: "listing head") }
        // A folder record dropped beside the listing but named by no listing is simply not part of the tree.
        world.replace(a, .list, with: listing.encoded)
        #expect(try alice.list(VaultPath("/a")).map(\.name) == ["one.txt", "two.txt"])
    }

    @Test(arguments: Transport.allCases) func attackReuseRecordFromAnotherAccount(_ transport: Transport) throws {
        let world = try Self.populated(transport)
        let bob = world.vault(.bob)
        try bob.initialize()
        try bob.put(Array("bob's".utf8), at: VaultPath("/one.txt"))
        let aliceRoot = NodeID.root(of: Person.alice.account.accountID)
        let bobRoot = NodeID.root(of: Person.bob.account.accountID)
        // Bob's signed root listing served as Alice's.
        let aliceListing = world.bytes(aliceRoot, .list)
        world.replace(aliceRoot, .list, with: world.bytes(bobRoot, .list))
        #expect { try world.vault(.alice).list(VaultPath("/")) } throws: {
            if case .recordMisplaced(kind: "listing head", _) = ($0 as? VaultError)?.reason { true } else { false }
        }
        world.replace(aliceRoot, .list, with: aliceListing)
        // Bob's signed file record and content served in the slot of Alice's file.
        let one = world.id("one.txt", in: "/a", as: .alice)
        let bobs = world.id("one.txt", in: "/", as: .bob)
        for slot in [VaultStorage.Slot.node, .head, .body] { world.replace(one, slot, with: world.bytes(bobs, slot)) }
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world) {
            if case .recordMisplaced(kind: "node", _) = $0.reason { true } else { false }
        }
    }
}
