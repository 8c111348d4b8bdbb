// SPDX-License-Identifier: MIT
import CofferAge
import Foundation
import Testing

@testable import CofferSharing

/// Versions and the trash (Spec/vault.md §4.1, §6.4) in the fault-injection harness: put of a new version (one file,
/// and `put -r` over two files at once: the replaced versions are the only place "one" and "two" live), rm to
/// the trash (a file, a folder with -r), restore of a version, restore from the trash and trash empty, each
/// interrupted at every storage call it makes (the call refused, or a crash there). After each case the tree reads
/// and verifies, it is the state before, after or one the operation allows in between, and nothing listed before
/// is lost: every content of the baseline is still current, an earlier version or in the trash (except what trash
/// empty deletes on purpose). The operation run again then gives its result. Every storage call is tried: the
/// operations are short (at most ~40 calls each), so the whole run takes seconds in a debug build.
@Suite struct VaultVersionsTrashFaultTests {
    typealias Harness = VaultFaultInjectionTests

    static func path(_ text: String) -> VaultPath { Harness.path(text) }

    /// Restores `/a/two.txt` from the trash, first moving it there if it is still listed (so a rerun finishes).
    static func trashAndRestore(_ vault: Vault) throws {
        if try vault.kind(of: path("/a/two.txt")) != nil { try vault.trash(path("/a/two.txt"), recursive: false) }
        try vault.restoreFromTrash(path("/a/two.txt"))
    }

    /// Puts a second version of `/a/one.txt` unless it has one, then makes version 1 current again.
    static func putAndRestoreVersion(_ vault: Vault) throws {
        if try vault.versions(of: path("/a/one.txt")).count == 1 {
            try vault.put(Array("one v2".utf8), at: path("/a/one.txt"))
        }
        try vault.restore(path("/a/one.txt"), version: 1)
    }

    static let operations: [Harness.Operation] = [
        Harness.Operation(
            description: "put a new version (the old one kept)",
            run: { try $0.put(Array("one v2".utf8), at: path("/a/one.txt")) },
            after: Harness.changed(["/a/one.txt": "one v2"])),
        Harness.Operation(
            description: "put -r a new version of both files of /a (the old ones kept)",
            run: { vault in
                let files = [("one.txt", "one v2"), ("two.txt", "two v2")].map { name, text in
                    VaultFileSource(name: name, size: UInt64(text.utf8.count)) { MemorySource(Array(text.utf8)) }
                }
                try vault.put(files, into: path("/a"))
            },
            after: Harness.changed(["/a/one.txt": "one v2", "/a/two.txt": "two v2"])),
        Harness.Operation(
            description: "rm a file to the trash", run: { try $0.trash(path("/a/two.txt"), recursive: false) },
            after: Harness.changed(["/a/two.txt": nil])),
        Harness.Operation(
            description: "rm -r a folder to the trash", run: { try $0.trash(path("/a/sub"), recursive: true) },
            after: Harness.changed(["/a/sub": nil, "/a/sub/deep.txt": nil])),
        Harness.Operation(
            description: "restore version 1 after a put", run: putAndRestoreVersion,
            after: Harness.before, between: [Harness.changed(["/a/one.txt": "one v2"])]),
        Harness.Operation(
            description: "restore from the trash", run: trashAndRestore, after: Harness.before,
            between: [Harness.changed(["/a/two.txt": nil])]),
        Harness.Operation(
            description: "trash empty",
            run: { vault in
                if try vault.kind(of: path("/a/two.txt")) != nil {
                    try vault.trash(path("/a/two.txt"), recursive: false)
                }
                try vault.emptyTrash(under: path("/"))
            },
            after: Harness.changed(["/a/two.txt": nil])),
    ]

    /// Every content the tree holds: current files, every earlier version they name, and everything in the trash
    /// (files, and folders with what is below them), each read and checked as a reader does.
    static func everyContent(_ vault: Vault) throws -> Set<String> {
        var out: Set<String> = []
        var queue = [try vault.folder(at: path("/"))]
        while !queue.isEmpty {
            let folder = queue.removeFirst()
            for child in try vault.children(of: folder) {
                if child.record.kind == .folder {
                    queue.append(try vault.childFolder(child, in: folder))
                    continue
                }
                var versions = [child]
                for previous in child.metadata.previous {
                    versions.append(try vault.reader.previousVersion(previous, of: child, in: folder))
                }
                for version in versions {
                    let sink = MemorySink()
                    try vault.content(of: version).decrypt(record: version.record, keys: folder.keys, to: sink)
                    out.insert(String(decoding: sink.bytes, as: UTF8.self))
                }
            }
        }
        return out
    }

    @Test func everyInterruptionLosesNothingAndARerunFinishes() throws {
        let baseline = try Harness.Baseline()
        let contents = Set(["one", "two", "deep"])
        var cases = 0
        for operation in Self.operations {
            let (cleanWorld, cleanStore) = try baseline.copy()
            let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
            try operation.run(Harness.writer(cleanWorld.vault(.alice, store: counting)))
            let clean = cleanWorld.vault(.alice, store: cleanStore)
            #expect(try Harness.state(of: clean) == operation.after, "\(operation)")
            let deleted: Set<String> = operation.description == "trash empty" ? ["two"] : []
            #expect(try Self.everyContent(clean).isSuperset(of: contents.subtracting(deleted)), "\(operation)")
            for failAt in 1...counting.callCount {
                for fault in FaultyRecordStore.Fault.allCases {
                    let label = "\(operation) with a \(fault) at storage call \(failAt)"
                    let (world, store) = try baseline.copy()
                    try? operation.run(
                        Harness.writer(
                            world.vault(.alice, store: FaultyRecordStore(base: store, failAt: failAt, fault: fault))))
                    let vault = Harness.writer(world.vault(.alice, store: store))
                    let state = try Harness.state(of: vault)
                    #expect(
                        ([Harness.before, operation.after] + operation.between).contains(state), "\(label): \(state)")
                    _ = try vault.verify(Self.path("/"))
                    #expect(
                        try Self.everyContent(vault).isSuperset(of: contents.subtracting(deleted)),
                        "\(label): a content was lost")
                    do {
                        try operation.run(vault)
                    } catch let error as VaultError where ["alreadyExists", "notFound"].contains(error.name) {}
                    #expect(try Harness.state(of: vault) == operation.after, "\(label), run again")
                    cases += 1
                }
            }
        }
        print("VaultVersionsTrashFaultTests: \(cases) interrupted operations checked")
        #expect(cases > 60)
    }
}
