// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// A write racing an unshare (Spec/vault.md §10.6, the fence): every interleaving of the two at storage-call
/// granularity, both ways round — the unshare run whole just before the writer's Nth storage call, and the writer
/// run whole just before the unshare's Nth call. Whenever the unshare's new epoch for the writer's folder was
/// committed before the write committed, the write must end under that new epoch (which the removed member never
/// receives) or fail; the owner's tree reads and verifies after every case.
@Suite struct VaultPutRacingUnshareTests {
    typealias Baseline = VaultSharingFaultInjectionTests.Baseline
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    struct Writer: Sendable, CustomStringConvertible {
        let description: String
        /// The node it writes, and the folder whose listing it commits.
        let target: String
        var folder: String { Self.parent(of: target) }
        let run: @Sendable (Vault) throws -> Void

        static func parent(of target: String) -> String {
            String(target[..<target.lastIndex(of: "/")!])
        }
    }

    static let writers: [Writer] = [
        Writer(description: "put a new file", target: "/a/new.txt") {
            try $0.put(Array("new".utf8), at: path("/a/new.txt"))
        },
        Writer(description: "put a new version", target: "/a/one.txt") {
            try $0.put(Array("one v2".utf8), at: path("/a/one.txt"))
        },
        Writer(description: "put into a folder below", target: "/a/sub/new.txt") {
            try $0.put(Array("new".utf8), at: path("/a/sub/new.txt"))
        },
        Writer(description: "mkdir", target: "/a/newdir") { try $0.makeFolder(path("/a/newdir")) },
    ]

    /// True when the node at `target` is sealed under its folder's newest epoch, which is newer than the one Bob
    /// held (1) — and, for a folder, its own key is wrapped under that epoch too.
    static func sealedUnderNewEpoch(_ alice: Vault, _ target: String) throws -> Bool {
        let parent = try alice.folder(at: path(Writer.parent(of: target)))
        let child = try #require(try alice.child(named: path(target).name!, in: parent))
        var sealed = parent.keyring.latestEpoch > 1 && child.record.epoch == parent.keyring.latestEpoch
        if child.record.kind == .folder {
            let folder = try alice.childFolder(child, in: parent)
            sealed = sealed && folder.keyring.entries.last?.parentEpoch == parent.keyring.latestEpoch
        }
        return sealed
    }

    static func unshare(_ vault: Vault) throws { _ = try vault.unshare(path("/a"), member: "bob") }

    static func callCount(_ run: (Vault) throws -> Void, _ baseline: Baseline) throws -> Int {
        let (world, store) = try baseline.copy()
        let counting = InterleavingRecordStore(base: store, interleaveAt: 0) {}
        try run(world.vault(.alice, store: counting))
        return counting.callCount
    }

    /// Runs `body`; true if it succeeded, false if it failed as a race may make it fail ("run it again").
    static func racing(_ label: String, _ body: () throws -> Void) -> Bool {
        do {
            try body()
            return true
        } catch let error as VaultError where ["changedConcurrently", "childMissing"].contains(error.name) {
            return false
        } catch {
            Issue.record("\(label): \(error)")
            return false
        }
    }

    /// After both ran: the unshare is complete (Bob is off the list), the write is there if it succeeded, the tree
    /// verifies.
    static func checkBoth(_ alice: Vault, _ writer: Writer, wrote: Bool, _ label: String) throws {
        #expect(try alice.folder(at: path("/a")).members?.contains(Person.bob.account.accountID) == false, "\(label)")
        if wrote {
            #expect(
                try alice.child(named: path(writer.target).name!, in: alice.folder(at: path(writer.folder))) != nil,
                "\(label)")
        }
        _ = try alice.verify(path("/"))
    }

    @Test func anUnshareBetweenAWritersStorageCallsNeverLeavesTheWriteUnderTheOldEpoch() throws {
        var cases = 0
        var underNewEpoch = 0
        var failed = 0
        for writer in Self.writers {
            let baseline = try Baseline(.accepted)
            for at in 1...(try Self.callCount(writer.run, baseline)) {
                let label = "\(writer) with the unshare run before its storage call \(at)"
                let (world, store) = try baseline.copy()
                let alice = world.vault(.alice, store: store)
                let wrapper = InterleavingRecordStore(base: store, interleaveAt: at) {
                    #expect(throws: Never.self, "\(label)") { try Self.unshare(alice) }
                }
                let wrote = Self.racing(label) { try writer.run(world.vault(.alice, store: wrapper)) }
                let listing = VaultStorage.recordID(try alice.folder(at: Self.path(writer.folder)).id, .list)
                // The unshare ran before the writer's last (committing) listing compare-and-swap.
                if wrote, let commit = wrapper.replaceCalls(of: listing).last, at <= commit {
                    #expect(try Self.sealedUnderNewEpoch(alice, writer.target), "\(label)")
                    underNewEpoch += 1
                }
                try Self.checkBoth(alice, writer, wrote: wrote, label)
                cases += 1
                failed += wrote ? 0 : 1
            }
        }
        print(
            "VaultPutRacingUnshareTests: \(cases) writes with an unshare interleaved, \(underNewEpoch) committed "
                + "after it (under the new epoch), \(failed) failed with \"run it again\"")
        #expect(underNewEpoch > 20)
    }

    @Test func aWriteBetweenAnUnsharesStorageCallsIsUnderTheNewEpochOnceItIsCommitted() throws {
        var cases = 0
        var underNewEpoch = 0
        var failed = 0
        for writer in Self.writers {
            let baseline = try Baseline(.accepted)
            for at in 1...(try Self.callCount(Self.unshare, baseline)) {
                let label = "\(writer) run before the unshare's storage call \(at)"
                let (world, store) = try baseline.copy()
                let alice = world.vault(.alice, store: store)
                let wrapper = InterleavingRecordStore(base: store, interleaveAt: at) {
                    #expect(throws: Never.self, "\(label)") { try writer.run(alice) }
                }
                if !Self.racing(label, { try Self.unshare(world.vault(.alice, store: wrapper)) }) {
                    failed += 1
                    #expect(throws: Never.self, "\(label), unshare run again") { try Self.unshare(alice) }
                }
                let keys = VaultStorage.recordID(try alice.folder(at: Self.path(writer.folder)).id, .keys)
                // The writer ran after the unshare committed the new epoch of the writer's folder.
                if let commit = wrapper.replaceCalls(of: keys).first, at > commit {
                    #expect(try Self.sealedUnderNewEpoch(alice, writer.target), "\(label)")
                    underNewEpoch += 1
                }
                try Self.checkBoth(alice, writer, wrote: true, label)
                cases += 1
            }
        }
        print(
            "VaultPutRacingUnshareTests: \(cases) unshares with a write interleaved, \(underNewEpoch) written after "
                + "its epoch (under it), \(failed) unshares run again")
        #expect(underNewEpoch > 20)
    }
}
