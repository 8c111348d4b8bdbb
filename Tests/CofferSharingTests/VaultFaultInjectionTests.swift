// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// Every write operation, interrupted at every storage call it makes (Spec/vault.md §10): the call refused, or the
/// process "crashed" there (that call and all later ones fail, then the vault is reopened on the same storage and
/// device). After each case: the whole tree reads (no folder unreadable), every file holds its old content or the
/// operation's complete result, `verify` passes; then the same operation run again leaves exactly its result.
/// Writers cut listings into chunks of at most 3 children (`tiny`), so the baseline's /a is one full chunk: putting
/// a new file there splits it, and removals merge (Spec/vault.md §6.1, §10.3).
@Suite struct VaultFaultInjectionTests {
    /// A file's content, or `folder` for a folder.
    typealias TreeState = [String: String]
    static let folder = "<folder>"

    static let before: TreeState = [
        "/a": folder, "/a/one.txt": "one", "/a/two.txt": "two", "/a/sub": folder, "/a/sub/deep.txt": "deep",
        "/b": folder,
    ]

    struct Operation: Sendable, CustomStringConvertible {
        let description: String
        let run: @Sendable (Vault) throws -> Void
        let after: TreeState
        /// A state between `before` and `after` that an interruption may leave, each file readable.
        var between: [TreeState] = []
    }

    static func changed(_ edits: [String: String?]) -> TreeState {
        var state = before
        for (path, value) in edits { state[path] = value }
        return state
    }

    static func path(_ text: String) -> VaultPath { try! VaultPath(text) }

    /// Chunks of at most 3 children, split in pieces of 2, merged under 2.
    static let tiny = ListingShape(maximum: 3, split: 2, minimum: 2)

    /// `vault` writing with `tiny` chunks.
    static func writer(_ vault: Vault) -> Vault {
        var vault = vault
        vault.listingShape = tiny
        return vault
    }

    /// What `vault put -r` does for a local tree `tree/{f1…f4, sub/g}` into /b: one folder made (if absent), then
    /// its files in one commit, folder by folder, top down.
    static func putTree(_ vault: Vault) throws {
        func files(_ names: [String]) -> [VaultFileSource] {
            names.map { name in
                VaultFileSource(name: name, size: UInt64(name.utf8.count)) { MemorySource(Array(name.utf8)) }
            }
        }
        try vault.makeFolderIfAbsent(path("/b/tree"))
        try vault.put(files(["f1", "f2", "f3", "f4"]), into: path("/b/tree"))
        try vault.makeFolderIfAbsent(path("/b/tree/sub"))
        try vault.put(files(["g"]), into: path("/b/tree/sub"))
    }

    static let treeFolder = changed(["/b/tree": folder])
    static let treeFiles = changed([
        "/b/tree": folder, "/b/tree/f1": "f1", "/b/tree/f2": "f2", "/b/tree/f3": "f3", "/b/tree/f4": "f4",
    ])
    static let treeSub = treeFiles.merging(["/b/tree/sub": folder]) { $1 }

    static let operations: [Operation] =
        [
            Operation(
                description: "put a new file (splits /a's one chunk in two)",
                run: { try $0.put(Array("new".utf8), at: path("/a/new.txt")) }, after: changed(["/a/new.txt": "new"])),
            Operation(
                description: "put -r of a small tree (one commit per folder; 4 files split a chunk)", run: putTree,
                after: treeSub.merging(["/b/tree/sub/g": "g"]) { $1 }, between: [treeFolder, treeFiles, treeSub]),
            Operation(
                description: "put a new version", run: { try $0.put(Array("one v2".utf8), at: path("/a/one.txt")) },
                after: changed(["/a/one.txt": "one v2"])),
            Operation(
                description: "mkdir", run: { try $0.makeFolder(path("/b/c")) }, after: changed(["/b/c": folder])),
            Operation(
                description: "rename a file", run: { try $0.move(path("/a/one.txt"), to: path("/a/uno.txt")) },
                after: changed(["/a/one.txt": nil, "/a/uno.txt": "one"])),
            Operation(
                description: "move a file across folders",
                run: { try $0.move(path("/a/one.txt"), to: path("/b/one.txt")) },
                after: changed(["/a/one.txt": nil, "/b/one.txt": "one"]), between: [changed(["/b/one.txt": "one"])]),
            Operation(
                description: "rename a folder", run: { try $0.move(path("/a/sub"), to: path("/a/sub3")) },
                after: changed(["/a/sub": nil, "/a/sub/deep.txt": nil, "/a/sub3": folder, "/a/sub3/deep.txt": "deep"])),
            Operation(
                description: "move a folder across folders", run: { try $0.move(path("/a/sub"), to: path("/b/sub2")) },
                after: changed(["/a/sub": nil, "/a/sub/deep.txt": nil, "/b/sub2": folder, "/b/sub2/deep.txt": "deep"]),
                between: [changed(["/b/sub2": folder, "/b/sub2/deep.txt": "deep"])]),
            Operation(
                description: "rm a file", run: { try $0.remove(path("/a/two.txt")) },
                after: changed(["/a/two.txt": nil])),
            Operation(
                description: "rm a folder", run: { try $0.remove(path("/a/sub")) },
                after: changed(["/a/sub": nil, "/a/sub/deep.txt": nil])),
        ] + pathOperations

    /// The storage and this device after building `before`, copied into every case.
    final class Baseline: @unchecked Sendable {
        let world = World()
        let records: [RecordID: [UInt8]]

        init() throws {
            let store = MemoryRecordStore()
            let vault = VaultFaultInjectionTests.writer(world.vault(.alice, store: store))
            try vault.initialize()
            for folder in ["/a", "/a/sub", "/b"] { try vault.makeFolder(VaultFaultInjectionTests.path(folder)) }
            for (file, text) in [("/a/one.txt", "one"), ("/a/two.txt", "two"), ("/a/sub/deep.txt", "deep")] {
                try vault.put(Array(text.utf8), at: VaultFaultInjectionTests.path(file))
            }
            records = store.snapshot
        }

        /// A fresh world holding a copy of the baseline's device, and a copy of its storage (in memory, or in the
        /// store `makeStore` fills with the records: VaultOverHTTPTests runs the same cases against a server).
        func copy(_ makeStore: StoreMaker = VaultFaultInjectionTests.memory) throws -> (World, any VaultRecordStore) {
            let fresh = World()
            try FileManager.default.createDirectory(at: fresh.root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: world.root.appendingPathComponent("device-alice"),
                to: fresh.root.appendingPathComponent("device-alice"))
            return (fresh, try makeStore(records))
        }
    }

    /// Every file and folder of the tree, read and decrypted (throws if any folder or file is unreadable).
    static func state(of vault: Vault) throws -> TreeState {
        var out: TreeState = [:]
        func walk(_ folder: VaultPath) throws {
            for entry in try vault.list(folder) {
                let child = folder.appending(entry.name)
                if entry.kind == .folder {
                    out[child.description] = Self.folder
                    try walk(child)
                } else {
                    out[child.description] = String(decoding: try vault.read(child), as: UTF8.self)
                }
            }
        }
        try walk(path("/"))
        return out
    }

    /// A storage side holding a copy of the given records.
    typealias StoreMaker = @Sendable ([RecordID: [UInt8]]) throws -> any VaultRecordStore
    static let memory: StoreMaker = { MemoryRecordStore(copying: $0) }

    @Test func everyInterruptionLeavesAReadableTreeAndARerunFinishesIt() throws {
        let cases = try Self.checkEveryInterruption(Self.memory)
        print("VaultFaultInjectionTests: \(cases) interrupted operations checked")
        #expect(cases > 100)
    }

    /// Runs every operation interrupted at every storage call, each case on a fresh store from `makeStore`;
    /// returns the number of cases.
    /// `stride` 1 interrupts at every storage call. A larger stride interrupts at every `stride`-th call of each
    /// operation, starting at a different offset for each operation (so that, across operations, every residue is
    /// taken), and always at the operation's last call, where the commit is.
    static func checkEveryInterruption(_ makeStore: StoreMaker, stride: Int = 1) throws -> Int {
        let baseline = try Baseline()
        #expect(
            try Self.state(of: baseline.world.vault(.alice, store: MemoryRecordStore(copying: baseline.records)))
                == Self.before)
        var cases = 0
        for (index, operation) in Self.operations.enumerated() {
            // How many storage calls the operation makes when nothing fails.
            let (cleanWorld, cleanStore) = try baseline.copy(makeStore)
            let counting = FaultyRecordStore(base: cleanStore, failAt: Int.max, fault: .refuse)
            try operation.run(writer(cleanWorld.vault(.alice, store: counting)))
            #expect(try Self.state(of: cleanWorld.vault(.alice, store: cleanStore)) == operation.after)
            let calls = counting.callCount
            let sampled = (1...calls).filter { ($0 - 1) % stride == index % stride || $0 == calls }
            for failAt in sampled {
                for fault in FaultyRecordStore.Fault.allCases {
                    try check(operation, failAt: failAt, fault: fault, baseline: baseline, makeStore)
                    cases += 1
                }
            }
        }
        return cases
    }

    static func check(
        _ operation: Operation, failAt: Int, fault: FaultyRecordStore.Fault, baseline: Baseline,
        _ makeStore: StoreMaker
    ) throws {
        let label = "\(operation) with a \(fault) at storage call \(failAt)"
        let (world, store) = try baseline.copy(makeStore)
        try? operation.run(
            writer(world.vault(.alice, store: FaultyRecordStore(base: store, failAt: failAt, fault: fault))))
        // Reopened on what the storage holds: every folder and file reads, and the state is one the operation allows.
        let vault = writer(world.vault(.alice, store: store))
        let state = try Self.state(of: vault)
        #expect(([Self.before, operation.after] + operation.between).contains(state), "\(label): \(state)")
        _ = try vault.verify(Self.path("/"))
        // The same operation again, nothing failing: its result, complete (or a "done already" refusal).
        do {
            try operation.run(vault)
        } catch let error as VaultError where ["alreadyExists", "notFound"].contains(error.name) {}
        #expect(try Self.state(of: vault) == operation.after, "\(label), run again")
        _ = try vault.verify(Self.path("/"))
    }
}
