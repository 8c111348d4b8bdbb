// SPDX-License-Identifier: MIT
import Testing

@testable import CofferSharing

/// The cp/mkdir/rm-like writes of `VaultPathOperations.swift`, added to the fault-injection harness: mkdir -p
/// making three folders (each its own commit, so a prefix of them may be left, each complete), rm -r of a tree with
/// a subfolder, rm of an empty folder without -r, and a move onto a folder ("into").
extension VaultFaultInjectionTests {
    static let pathOperations: [Operation] = [
        Operation(
            description: "mkdir -p of three folders", run: { try $0.makeFolders(path("/b/x/y/z")) },
            after: changed(["/b/x": folder, "/b/x/y": folder, "/b/x/y/z": folder]),
            between: [changed(["/b/x": folder]), changed(["/b/x": folder, "/b/x/y": folder])]),
        Operation(
            description: "rm -r of a tree", run: { try $0.remove(path("/a"), recursive: true) },
            after: before.filter { !$0.key.hasPrefix("/a") }),
        Operation(
            description: "rm of an empty folder", run: { try $0.remove(path("/b"), recursive: false) },
            after: changed(["/b": nil])),
        Operation(
            description: "mv a file into a folder",
            run: { vault in
                let source = path("/a/one.txt")
                try vault.move(source, to: vault.moveTarget(for: source, at: path("/b"), into: false))
            },
            after: changed(["/a/one.txt": nil, "/b/one.txt": "one"]), between: [changed(["/b/one.txt": "one"])]),
    ]
}

/// The refusals of the path operations: nothing changes.
@Suite struct VaultPathOperationTests {
    typealias Harness = VaultFaultInjectionTests

    /// A vault on a copy of the harness's baseline tree; the world must outlive it (it removes its directory).
    func baselineVault() throws -> (World, Vault) {
        let baseline = try Harness.Baseline()
        let (world, store) = try baseline.copy()
        return (world, world.vault(.alice, store: store))
    }

    @Test func rmWithoutRecursiveRefusesAFolderThatIsNotEmpty() throws {
        let (world, vault) = try baselineVault()
        defer { withExtendedLifetime(world) {} }
        #expect {
            try vault.remove(Harness.path("/a/sub"), recursive: false)
        } throws: { error in
            guard case .wrongNodeType(let shown, let expected) = (error as? VaultError)?.reason else { return false }
            return shown == "/a/sub" && expected == Vault.emptyFolder
        }
        #expect(try Harness.state(of: vault) == Harness.before)
        try vault.remove(Harness.path("/a/two.txt"), recursive: false)
        #expect(try Harness.state(of: vault) == Harness.changed(["/a/two.txt": nil]))
    }

    @Test func mkdirParentsKeepsWhatExistsAndRefusesAFileOnTheWay() throws {
        let (world, vault) = try baselineVault()
        defer { withExtendedLifetime(world) {} }
        #expect(try vault.makeFolders(Harness.path("/a/sub")) == [])
        #expect(try vault.makeFolders(Harness.path("/a/sub/n")).map(\.description) == ["/a/sub/n"])
        #expect(throws: VaultError.self) { try vault.makeFolders(Harness.path("/a/one.txt/x")) }
        #expect(try Harness.state(of: vault) == Harness.changed(["/a/sub/n": Harness.folder]))
    }

    @Test func aMoveOntoAFolderOrWithATrailingSlashGoesInto() throws {
        let (world, vault) = try baselineVault()
        defer { withExtendedLifetime(world) {} }
        let source = Harness.path("/a/one.txt")
        #expect(try vault.moveTarget(for: source, at: Harness.path("/b"), into: false).description == "/b/one.txt")
        #expect(try vault.moveTarget(for: source, at: Harness.path("/b"), into: true).description == "/b/one.txt")
        #expect(try vault.moveTarget(for: source, at: Harness.path("/"), into: true).description == "/one.txt")
        #expect(try vault.moveTarget(for: source, at: Harness.path("/b/uno"), into: false).description == "/b/uno")
        #expect(throws: VaultError.self) { try vault.moveTarget(for: source, at: Harness.path("/c"), into: true) }
        #expect(throws: VaultError.self) {
            try vault.moveTarget(for: source, at: Harness.path("/a/two.txt"), into: true)
        }
    }
}
