// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation
import Testing

@testable import CofferSharing

/// `Vault.put(size:at:reading:)` streams a file into the body record (Spec/vault.md §12, Memory): it reads back
/// byte for byte through the streamed reader and the export, and an input whose size is not the announced one
/// fails without listing anything and without leaving a body record behind.
@Suite struct VaultStreamedPutTests {
    @Test func streamedPutReadsBackAndExports() throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        let bytes = content(300_001)
        try vault.put(size: UInt64(bytes.count), at: VaultPath("/s.bin"), modified: 5) { MemorySource(bytes) }
        #expect(try vault.read(VaultPath("/s.bin")) == bytes)
        let entry = try vault.list(VaultPath("/"))[0]
        #expect(entry.size == 300_001)
        #expect(entry.modified == 5)
        let identity = X25519Identity.generate()
        let exported = try vault.export(VaultPath("/s.bin"), to: [identity.recipient])
        #expect(try AgeDecryptor(identities: [identity]).decrypt(exported) == bytes)
    }

    @Test(arguments: [-1, 1]) func anInputOfAnotherSizeIsRefusedAndNothingIsListed(delta: Int) throws {
        let world = World()
        let vault = world.vault(.alice)
        try vault.initialize()
        let bytes = content(70_000)
        #expect(throws: VaultError.self) {
            try vault.put(size: UInt64(bytes.count + delta), at: VaultPath("/s.bin")) { MemorySource(bytes) }
        }
        #expect(try vault.list(VaultPath("/")).isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: world.store.directory.path)
        #expect(!names.contains { $0.contains(".body-") || $0.hasSuffix(".tmp") }, "\(names)")
    }
}
