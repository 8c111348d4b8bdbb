// SPDX-License-Identifier: MIT
import CofferKeys
import CofferSharing
import Foundation
import Testing

/// A client's way in, with the calls a client makes (Examples/ checks that they are public): it chooses a store
/// (`VaultStore.directory`) and opens the vault with a password; it never names the store protocol. A wrong
/// password, a missing file and an unusable directory arrive as `VaultError` codes it can switch on.
@Suite struct VaultStoreChoiceTests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("coffer-store-choice-\(UUID().uuidString)")
    }

    @Test func aClientOpensAVaultInADirectoryItChose() throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let accounts = try DirectoryRecordStore(directory: root.appendingPathComponent("accounts"))
        let device = try DeviceState(directory: root.appendingPathComponent("device"))
        let password = Password("correct horse battery staple")
        let (account, _) = try AccountService(store: accounts, device: device)
            .create(password: password, kdf: KDFProfile.moderate.parameters())
        let open = { (password: Password) throws(VaultError) -> Vault in
            try Vault.open(
                accountStore: accounts, vaultStore: .directory(root.appendingPathComponent("vault")), device: device,
                accountID: account.accountID, password: password)
        }

        let vault = try open(password)
        try vault.initialize()
        try vault.makeFolder(VaultPath("/notes"))
        try vault.put(Array("nine".utf8), at: VaultPath("/notes/a.txt"))
        let again = try open(password)  // a second session on the same directory sees what the first wrote
        #expect(try again.list(VaultPath("/")).map(\.isFolder) == [true])
        #expect(try again.list(VaultPath("/notes")).map(\.isFolder) == [false])
        #expect(try again.read(VaultPath("/notes/a.txt")) == Array("nine".utf8))

        #expect {
            _ = try open(Password("wrong"))
        } throws: { error in
            guard let error = error as? VaultError else { return false }
            return error.code == .account && error.accountError?.code == .wrongPassword
        }
        #expect {
            _ = try again.read(VaultPath("/notes/none.txt"))
        } throws: { ($0 as? VaultError)?.code == .notFound }
    }

    @Test func aDirectoryThatCannotBeOneIsAStorageFailure() throws {
        let file = Self.scratch()
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("not a directory".utf8).write(to: file)
        #expect {
            _ = try VaultStore.directory(file)
        } throws: { ($0 as? VaultError)?.code == .storageFailure }
    }
}
