// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// The vault's ordinary life: init, folders, files, listings, overwrite, and what the provider gets to see.
@Suite struct VaultBasicsTests {
    @Test func initPutGetListRoundTrip() throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/docs"))
        try vault.makeFolder(VaultPath("/docs/deep"))
        let big = content(200_000)
        try vault.put(big, at: VaultPath("/docs/deep/big.bin"), modified: 1_700_000_000, contentType: "application/x")
        try vault.put(Array("hello".utf8), at: VaultPath("/hello.txt"))
        #expect(try vault.read(VaultPath("/docs/deep/big.bin")) == big)
        #expect(try vault.read(VaultPath("/hello.txt")) == Array("hello".utf8))
        let root = try vault.list(VaultPath("/"))
        #expect(root.map(\.name) == ["docs", "hello.txt"])
        #expect(root.map(\.kind) == [.folder, .file])
        let deep = try vault.list(VaultPath("/docs/deep"))
        #expect(deep.count == 1)
        #expect(deep[0].size == 200_000)
        #expect(deep[0].modified == 1_700_000_000)
        #expect(deep[0].contentType == "application/x")
        #expect(deep[0].writer == Person.alice.account.accountID)
        let output = world.outputURL()
        try vault.read(VaultPath("/docs/deep/big.bin"), toFile: output)
        #expect(Array(try Data(contentsOf: output)) == big)
    }

    @Test func overwriteKeepsTheNodeAndRaisesItsVersion() throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.put(Array("one".utf8), at: VaultPath("/f"))
        let first = try vault.list(VaultPath("/"))[0]
        try vault.put(Array("two".utf8), at: VaultPath("/f"))
        let second = try vault.list(VaultPath("/"))[0]
        #expect(first.id == second.id)
        #expect(second.version == first.version + 1)
        #expect(try vault.read(VaultPath("/f")) == Array("two".utf8))
    }

    @Test func refusalsAreTyped() throws {
        let world = World()
        let vault = world.vault(.alice)
        #expect { try vault.list(VaultPath("/")) } throws: { ($0 as? VaultError)?.name == "notFound" }
        try vault.initialize()
        #expect { try vault.initialize() } throws: { ($0 as? VaultError)?.name == "alreadyExists" }
        try vault.makeFolder(VaultPath("/a"))
        #expect { try vault.makeFolder(VaultPath("/a")) } throws: { ($0 as? VaultError)?.name == "alreadyExists" }
        #expect { try vault.read(VaultPath("/a")) } throws: { ($0 as? VaultError)?.name == "wrongNodeType" }
        #expect { try vault.read(VaultPath("/nope")) } throws: { ($0 as? VaultError)?.name == "notFound" }
        #expect { try vault.put([1], at: VaultPath("/a")) } throws: { ($0 as? VaultError)?.name == "wrongNodeType" }
        for bad in ["/a/..", "/a/.", "/x\u{0}y", "/tab\there"] {
            #expect { try VaultPath(bad) } throws: { ($0 as? VaultError)?.name == "invalidName" }
        }
    }

    @Test func theProviderSeesNoNamesNoContentAndNoKeys() throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/SecretProjectFolder"))
        let plaintext = Array("TOP-SECRET-PLAINTEXT-MARKER".utf8)
        try vault.put(plaintext, at: VaultPath("/SecretProjectFolder/SecretFileName.txt"), contentType: "text/plain")
        for name in try FileManager.default.contentsOfDirectory(atPath: world.store.directory.path) {
            let bytes = Array(try Data(contentsOf: world.store.directory.appendingPathComponent(name)))
            for needle in ["SecretProjectFolder", "SecretFileName", "TOP-SECRET", "text/plain"] {
                #expect(!contains(bytes, Array(needle.utf8)), "\(needle) visible in \(name)")
            }
            #expect(!name.contains("Secret"))
        }
    }

    @Test func anotherDeviceOfTheSameAccountReadsEverything() throws {
        let world = World()
        try world.vault(.alice).initialize()
        try world.vault(.alice).put(Array("x".utf8), at: VaultPath("/x"))
        let otherDevice = Vault(
            account: Person.alice.account, store: world.store,
            device: try DeviceState(directory: world.root.appendingPathComponent("alice-laptop")))
        #expect(try otherDevice.read(VaultPath("/x")) == Array("x".utf8))
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
}
