// SPDX-License-Identifier: MIT
import CofferKeys
import CofferRemote
import CofferSharing
import Foundation
import HummingbirdTesting
import Testing

@testable import CofferServer

/// `HTTPRecordStore` against a live `coffer serve` on a free loopback port: the typed errors of
/// `VaultRecordStore` (Spec/vault.md §10.1) and compare-and-swap with 8 concurrent writers losing nothing.
@Suite struct HTTPRecordStoreTests {
    static func id(_ text: String) -> RecordID { try! RecordID(text) }

    func store(_ client: any TestClientProtocol, vault: String = "team") throws -> HTTPRecordStore {
        try HTTPRecordStore(server: URL(string: "http://127.0.0.1:\(client.port ?? 0)/")!, vault: vault)
            .signed(by: TestAccount(seed: 1).key)
    }

    @Test(arguments: ServerBackend.all)
    func everyOperationAndItsTypedError(backend: ServerBackend) async throws {
        try await TestServer(backend).test(.live) { client, _ in
            let store = try store(client)
            try await blocking {
                let id = Self.id("00ff.list")
                #expect(throws: VaultStoreError.notFound(id)) { try store.read(id, maxSize: 100) }
                try store.create(id, [1, 2, 3])
                #expect(throws: VaultStoreError.alreadyExists(id)) { try store.create(id, [4]) }
                let first = try store.read(id, maxSize: 100)
                #expect(first.bytes == [1, 2, 3])
                #expect(throws: VaultStoreError.tooLarge(id, size: 3, limit: 2)) { try store.read(id, maxSize: 2) }
                try store.replace(id, [5], ifVersion: first.version)
                #expect(throws: VaultStoreError.versionMismatch(id)) {
                    try store.replace(id, [6], ifVersion: first.version)
                }
                #expect(try store.readBytes(id, maxSize: 100) == [5])
                try store.create(Self.id("00aa.keys"), [9])
                #expect(try store.recordIDs() == [Self.id("00aa.keys"), id])
                try store.remove(id)
                try store.remove(id)
                #expect(try store.recordIDs() == [Self.id("00aa.keys")])
                #expect(throws: VaultStoreError.versionMismatch(id)) {
                    try store.replace(id, [7], ifVersion: first.version)
                }
            }
        }
    }

    @Test func anUnreachableServerIsAFailureNotSuccess() throws {
        let store = try HTTPRecordStore(server: URL(string: "http://127.0.0.1:1/")!, vault: "team")
        #expect {
            try store.create(Self.id("a.keys"), [1])
        } throws: { error in
            guard case .failure(let reason) = (error as? VaultStoreError)?.reason else { return false }
            return reason.contains("unreachable")
        }
    }

    /// Eight writers each append their name to one record by read, then compare-and-swap, retrying on
    /// `versionMismatch`: every name is in the final record.
    @Test(arguments: ServerBackend.all)
    func eightConcurrentWritersLoseNothing(backend: ServerBackend) async throws {
        try await TestServer(backend).test(.live) { client, _ in
            let store = try store(client)
            let id = Self.id("0001.list")
            try await blocking { try store.create(id, []) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        try await blocking {
                            while true {
                                let current = try store.read(id, maxSize: 1 << 16)
                                do throws(VaultStoreError) {
                                    try store.replace(id, current.bytes + [UInt8(writer)], ifVersion: current.version)
                                    return
                                } catch let error where error.code == .versionMismatch {
                                    continue
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try await blocking { try store.read(id, maxSize: 1 << 16).bytes }
            #expect(final.sorted() == Array(0..<8))
        }
    }
}
