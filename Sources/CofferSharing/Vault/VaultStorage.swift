// SPDX-License-Identifier: MIT
import CofferKeys

/// The vault's records on the storage side, one `RecordStore` record each (Spec/vault.md §2, "Storage"):
/// `<node>.node`, `<node>.head` (age header), `<node>.body` (payload nonce and chunks), `<folder>.keys`,
/// `<folder>.list`, `<folder>.members`, `<folder>.share-<account>`. Ids are opaque; the provider learns the shape
/// of the tree and the sizes, never a name or a key.
public struct VaultStorage: Sendable {
    public enum Slot: String, Sendable {
        case node, head, body, keys, list, members
    }

    public let store: any RecordStore

    public init(store: any RecordStore) { self.store = store }

    public static func recordID(_ node: NodeID, _ slot: Slot) -> RecordID {
        try! RecordID("\(node.hex).\(slot.rawValue)")
    }

    public static func shareID(_ folder: NodeID, recipient: AccountID) -> RecordID {
        try! RecordID("\(folder.hex).share-\(recipient.hex)")
    }

    func get(_ node: NodeID, _ slot: Slot) throws(VaultError) -> [UInt8] { try get(Self.recordID(node, slot)) }

    /// The bytes, or nil when the record does not exist.
    func getIfPresent(_ node: NodeID, _ slot: Slot) throws(VaultError) -> [UInt8]? {
        try getIfPresent(Self.recordID(node, slot))
    }

    func getIfPresent(_ id: RecordID) throws(VaultError) -> [UInt8]? {
        do {
            return try store.get(id)
        } catch .notFound {
            return nil
        } catch {
            throw .storage(error)
        }
    }

    func get(_ id: RecordID) throws(VaultError) -> [UInt8] {
        do {
            return try store.get(id)
        } catch .notFound {
            throw .notFound("record \(id)")
        } catch {
            throw .storage(error)
        }
    }

    func put(_ node: NodeID, _ slot: Slot, _ bytes: [UInt8]) throws(VaultError) {
        try put(Self.recordID(node, slot), bytes)
    }

    func put(_ id: RecordID, _ bytes: [UInt8]) throws(VaultError) {
        do {
            try store.put(id, bytes)
        } catch {
            throw .storage(error)
        }
    }

    func list() throws(VaultError) -> [RecordID] {
        do {
            return try store.list()
        } catch {
            throw .storage(error)
        }
    }
}

/// A `RecordStore` that can also delete (the local directory can; a read-only store cannot, and then removed
/// records simply stay, unreferenced by any listing).
public protocol DeletingRecordStore: RecordStore {
    func delete(_ id: RecordID) throws(KeysError)
}

extension VaultStorage {
    func delete(_ node: NodeID, _ slot: Slot) { delete(Self.recordID(node, slot)) }

    func delete(_ id: RecordID) {
        try? (store as? any DeletingRecordStore)?.delete(id)
    }
}
