// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// A read racing another writer's commit (Spec/vault.md §10.2): the writer deletes, after its commit, the listing
/// chunks and records the older listing pinned. A reader that read that older listing and then finds one of them
/// missing must report a race (`changedConcurrently`, "run it again") — never `childMissing`, which says the
/// storage side withholds a record — and a writer must retry and succeed. Each case runs the other writer's change
/// whole just before the reader's Nth storage call, for every N.
@Suite struct VaultReadRacingCommitTests {
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    struct Change: Sendable, CustomStringConvertible {
        let description: String
        let run: @Sendable (Vault) throws -> Void
    }

    static let changes: [Change] = [
        Change(description: "a put of a new file") { try $0.put(Array("b".utf8), at: path("/f/b.txt")) },
        Change(description: "a put of a new version") { try $0.put(Array("a v2".utf8), at: path("/f/a.txt")) },
        Change(description: "a move to the trash") { try $0.remove(path("/f/a.txt"), recursive: false) },
        Change(description: "a rename") { try $0.move(path("/f/a.txt"), to: path("/f/z.txt")) },
    ]

    /// A vault with `/f/a.txt` (so `/f`'s listing pins one chunk and one node record).
    static func world() throws -> World {
        let world = World()
        let alice = world.vault(.alice)
        try alice.initialize()
        try alice.makeFolder(path("/f"))
        try alice.put(Array("a".utf8), at: path("/f/a.txt"))
        return world
    }

    static func callCount(_ run: (Vault) throws -> Void) throws -> Int {
        let world = try world()
        let counting = InterleavingRecordStore(base: world.store, interleaveAt: 0) {}
        try run(world.vault(.alice, store: counting))
        return counting.callCount
    }

    /// One attempt of a listing, as `Vault.list` makes it before `reading` runs it again.
    static func listOnce(_ vault: Vault) throws {
        _ = try vault.visibleChildren(of: vault.folder(at: path("/f")))
    }

    /// Calls `body` once for each change and each storage call of `operation` (as `what`), in a fresh world where
    /// the change runs whole, unwrapped, just before that call; `body` gets the case's label, the world and the
    /// wrapped store to run `operation` on. Returns the number of cases.
    static func eachInterleaving(
        of operation: (Vault) throws -> Void, _ what: String,
        _ body: (String, World, InterleavingRecordStore) throws -> Void
    ) throws -> Int {
        var cases = 0
        for change in changes {
            for at in 1...(try callCount(operation)) {
                let label = "\(what) with \(change) run before its storage call \(at)"
                let world = try world()
                let wrapper = InterleavingRecordStore(base: world.store, interleaveAt: at) {
                    #expect(throws: Never.self, "\(label)") { try change.run(world.vault(.alice)) }
                }
                try body(label, world, wrapper)
                cases += 1
            }
        }
        return cases
    }

    @Test func aReaderThatMeetsARecordDeletedByACommitReportsARace() throws {
        var raced = 0
        let cases = try Self.eachInterleaving(of: Self.listOnce, "ls /f") { label, world, wrapper in
            do {
                try Self.listOnce(world.vault(.alice, store: wrapper))
            } catch let error as VaultError where error.name == "changedConcurrently" {
                raced += 1
            } catch {
                Issue.record("\(label): \(error)")
            }
        }
        print("VaultReadRacingCommitTests: \(cases) listings with a commit interleaved, \(raced) reported a race")
        // The interleavings between the reader's head read and its chunk read meet a deleted chunk.
        #expect(raced >= Self.changes.count)
    }

    @Test func aListingThatMeetsARecordDeletedByACommitIsRunAgainAndSeesTheChange() throws {
        let cases = try Self.eachInterleaving(of: Self.listOnce, "ls /f") { label, world, wrapper in
            let names = try world.vault(.alice, store: wrapper).list(Self.path("/f")).map(\.name)
            let after = try world.vault(.alice).list(Self.path("/f")).map(\.name)
            // Either the state before the change (read whole before it ran) or the one after it, never a mix.
            #expect(names == ["a.txt"] || names == after, "\(label): \(names)")
        }
        print("VaultReadRacingCommitTests: \(cases) listings through Vault.list with a commit interleaved, all read")
    }

    @Test func aWriterThatMeetsARecordDeletedByACommitRetriesAndBothChangesStay() throws {
        let put: (Vault) throws -> Void = { try $0.put(Array("c".utf8), at: Self.path("/f/c.txt")) }
        let cases = try Self.eachInterleaving(of: put, "put /f/c.txt") { label, world, wrapper in
            #expect(throws: Never.self, "\(label)") { try put(world.vault(.alice, store: wrapper)) }
            let alice = world.vault(.alice)
            #expect(try alice.read(Self.path("/f/c.txt")) == Array("c".utf8), "\(label)")
            _ = try alice.verify(Self.path("/"))
        }
        print("VaultReadRacingCommitTests: \(cases) puts with a commit interleaved, all committed")
    }
}
