// SPDX-License-Identifier: MIT
import CofferAge
import Foundation
import Testing

@testable import CofferSharing

/// A bulk put (`vault put -r`, `Vault.put(_:into:)`) keeps the version of every file it replaces, as a single put
/// does (Spec/vault.md §4.1, §10.3), and reads only the children it replaces, not the whole folder.
@Suite struct VaultBulkPutVersionsTests {
    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    static func sources(_ files: [(String, String)]) -> [VaultFileSource] {
        files.map { name, text in
            VaultFileSource(name: name, size: UInt64(text.utf8.count)) { MemorySource(Array(text.utf8)) }
        }
    }

    static func read(_ vault: Vault, _ file: String, version: UInt64) throws -> String {
        let sink = MemorySink()
        try vault.read(path(file), version: version, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    @Test func aBulkPutKeepsTheReplacedVersionAsAPutDoes() throws {
        let world = World()
        defer { withExtendedLifetime(world) {} }
        var vault = world.vault(.alice, store: MemoryRecordStore())
        try vault.initialize()
        try vault.makeFolder(Self.path("/d"))
        try vault.put(Self.sources([("a", "a1"), ("b", "b1")]), into: Self.path("/d"))
        try vault.put(Self.sources([("a", "a2"), ("b", "b2"), ("c", "c1")]), into: Self.path("/d"))
        #expect(try vault.versions(of: Self.path("/d/a")).map(\.number) == [2, 1])
        #expect(try vault.versions(of: Self.path("/d/b")).map(\.number) == [2, 1])
        #expect(try vault.versions(of: Self.path("/d/c")).map(\.number) == [1])
        #expect(try Self.read(vault, "/d/a", version: 1) == "a1" && Self.read(vault, "/d/b", version: 1) == "b1")
        #expect(try vault.read(Self.path("/d/a")) == Array("a2".utf8))
        // The history chains through single and bulk puts alike.
        try vault.put(Array("a3".utf8), at: Self.path("/d/a"))
        try vault.put(Self.sources([("a", "a4")]), into: Self.path("/d"))
        #expect(try vault.versions(of: Self.path("/d/a")).map(\.number) == [4, 3, 2, 1])
        #expect(try Self.read(vault, "/d/a", version: 3) == "a3")
        // The policy: keeping 2 names one earlier version; the ones dropped are left for gc.
        vault.keptVersions = 2
        try vault.put(Self.sources([("a", "a5"), ("b", "b3")]), into: Self.path("/d"))
        #expect(try vault.versions(of: Self.path("/d/a")).map(\.number) == [5, 4])
        #expect(try vault.versions(of: Self.path("/d/b")).map(\.number) == [3, 2])
        vault.keptVersions = 1
        try vault.put(Self.sources([("a", "a6")]), into: Self.path("/d"))
        #expect(try vault.versions(of: Self.path("/d/a")).map(\.number) == [6])
        let report = try vault.verify(Self.path("/"))
        #expect(report.files == 3 && report.earlierVersions == 1)  // b's version 2
        // A trashed file of the same name is not replaced: the bulk put makes a new file beside it.
        try vault.trash(Self.path("/d/c"), recursive: false)
        try vault.put(Self.sources([("c", "c2")]), into: Self.path("/d"))
        #expect(try vault.versions(of: Self.path("/d/c")).map(\.number) == [1])
        #expect(try vault.trashEntries(under: Self.path("/d")).map(\.path.description) == ["/d/c"])
    }

    /// The storage calls of a bulk put of two files over existing ones: into a folder of 2 children, then into one
    /// of 202 (default chunks of up to 512). Reading every child, as the bulk put did before it kept versions,
    /// costs 200 calls more; reading the two it replaces (by name tag) costs about the same in both.
    @Test func aBulkPutIntoALargeFolderReadsOnlyTheChildrenItReplaces() throws {
        let world = World()
        defer { withExtendedLifetime(world) {} }
        let store = MemoryRecordStore()
        let vault = world.vault(.alice, store: store)
        try vault.initialize()
        func calls(into folder: String, others: Int) throws -> Int {
            try vault.makeFolder(Self.path(folder))
            let filler = (0..<others).map { ("f\($0)", "filler \($0)") }
            try vault.put(Self.sources([("x", "x1"), ("y", "y1")] + filler), into: Self.path(folder))
            let counting = FaultyRecordStore(base: store, failAt: Int.max, fault: .refuse)
            try world.vault(.alice, store: counting).put(
                Self.sources([("x", "x2"), ("y", "y2")]), into: Self.path(folder))
            #expect(try Self.read(vault, "\(folder)/x", version: 1) == "x1")
            return counting.callCount
        }
        let small = try calls(into: "/small", others: 0)
        let large = try calls(into: "/large", others: 200)
        #expect(large - small < 10, "\(small) storage calls into 2 children, \(large) into 202")
    }
}
