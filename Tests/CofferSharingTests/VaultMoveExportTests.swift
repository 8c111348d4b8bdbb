// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// mv, rm, verify and export: moves re-wrap only the moved node, exports decrypt with the `age` tool.
@Suite struct VaultMoveExportTests {
    static func tree() throws -> World {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/a"))
        try vault.makeFolder(VaultPath("/a/inner"))
        try vault.makeFolder(VaultPath("/b"))
        try vault.put(content(150_000), at: VaultPath("/a/big.bin"))
        try vault.put(Array("inner".utf8), at: VaultPath("/a/inner/x.txt"))
        return world
    }

    @Test func movingAFileRewrapsItsKeyAndLeavesThePayloadUntouched() throws {
        let world = try Self.tree()
        let vault = world.vault(.alice)
        let id = world.id("big.bin", in: "/a", as: .alice)
        let body = world.bytes(id, .body)
        let head = world.bytes(id, .head)
        try vault.move(VaultPath("/a/big.bin"), to: VaultPath("/b/moved.bin"))
        #expect(world.bytes(id, .body) == body)
        #expect(world.bytes(id, .head) != head)
        #expect(try vault.read(VaultPath("/b/moved.bin")) == content(150_000))
        #expect(try vault.list(VaultPath("/a")).map(\.name) == ["inner"])
        try vault.move(VaultPath("/b/moved.bin"), to: VaultPath("/b/renamed.bin"))
        #expect(try vault.list(VaultPath("/b")).map(\.name) == ["renamed.bin"])
        #expect(world.bytes(id, .body) == body)
    }

    @Test func movingAFolderRewrapsOnlyItsKeyring() throws {
        let world = try Self.tree()
        let vault = world.vault(.alice)
        let inner = world.folderID("/a/inner", as: .alice)
        let x = world.id("x.txt", in: "/a/inner", as: .alice)
        let before = [world.bytes(x, .node), world.bytes(x, .head), world.bytes(x, .body), world.bytes(inner, .list)]
        try vault.move(VaultPath("/a/inner"), to: VaultPath("/b/inner2"))
        #expect(
            [world.bytes(x, .node), world.bytes(x, .head), world.bytes(x, .body), world.bytes(inner, .list)] == before)
        #expect(try vault.read(VaultPath("/b/inner2/x.txt")) == Array("inner".utf8))
        #expect { try vault.move(VaultPath("/b"), to: VaultPath("/b/inner2/b")) } throws: {
            ($0 as? VaultError)?.name == "wrongNodeType"
        }
    }

    @Test func removeDeletesTheSubtreeAndVerifyWalksEverything() throws {
        let world = try Self.tree()
        let vault = world.vault(.alice)
        #expect(try vault.verify(VaultPath("/")) == VaultVerifyReport(folders: 4, files: 2, plaintextBytes: 150_005))
        let x = world.id("x.txt", in: "/a/inner", as: .alice)
        try vault.remove(VaultPath("/a"))
        #expect(try vault.list(VaultPath("/")).map(\.name) == ["b"])
        #expect(!FileManager.default.fileExists(atPath: world.url(x, .body).path))
        #expect(try vault.verify(VaultPath("/")) == VaultVerifyReport(folders: 2, files: 0, plaintextBytes: 0))
    }

    @Test func verifyStopsAtTheFirstTamperedChunk() throws {
        let world = try Self.tree()
        let id = world.id("big.bin", in: "/a", as: .alice)
        var body = world.bytes(id, .body)
        body[100_000] ^= 1
        world.replace(id, .body, with: body)
        #expect(throws: VaultError.contentDamaged(node: id.hex, .chunkAuthenticationFailed(chunk: 1))) {
            try world.vault(.alice).verify(VaultPath("/"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/age")))
    func exportedFilesDecryptWithAge() throws {
        let world = try Self.tree()
        let vault = world.vault(.alice)
        let identity = X25519Identity.generate()
        let keyFile = world.root.appendingPathComponent("key.txt")
        try Data((identity.encodedSecret() + "\n").utf8).write(to: keyFile)
        let out = world.root.appendingPathComponent("export")
        let written = try vault.export(VaultPath("/a"), to: [identity.recipient], into: out)
        #expect(written.map(\.lastPathComponent).sorted() == ["big.bin.age", "x.txt.age"])
        let id = world.id("big.bin", in: "/a", as: .alice)
        let exported = Array(try Data(contentsOf: out.appendingPathComponent("a/big.bin.age")))
        // The payload is the vault's body byte for byte: only the header is new.
        #expect(Array(exported.suffix(world.bytes(id, .body).count)) == world.bytes(id, .body))
        for (file, expected) in [("a/big.bin.age", content(150_000)), ("a/inner/x.txt.age", Array("inner".utf8))] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/age")
            process.arguments = ["-d", "-i", keyFile.path, out.appendingPathComponent(file).path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(Array(output) == expected)
        }
        // And with Coffer's own age reader.
        #expect(try AgeDecryptor(identities: [identity]).decrypt(exported) == content(150_000))
    }

    @Test func exportRefusesDamagedContent() throws {
        let world = try Self.tree()
        let id = world.id("big.bin", in: "/a", as: .alice)
        world.replace(id, .body, with: Array(world.bytes(id, .body).dropLast()))
        #expect(throws: VaultError.contentDamaged(node: id.hex, .chunkAuthenticationFailed(chunk: 2))) {
            try world.vault(.alice).export(VaultPath("/a/big.bin"), to: [X25519Identity.generate().recipient])
        }
    }
}
