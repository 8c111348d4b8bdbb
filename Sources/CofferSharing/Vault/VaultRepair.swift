// SPDX-License-Identifier: MIT
import CofferKeys

/// What `repair` found and finished.
public struct VaultRepairReport: Sendable, Equatable {
    /// Interrupted unshares completed (each named by an intent record, then removed).
    public let unsharesCompleted: Int
    /// The root's empty listing was created after an `init` that stopped between its keyring and its listing.
    public let rootListingCreated: Bool
}

/// Finishing what an interrupted command left (Spec/vault.md §10.9): the intent records of multi-step
/// operations, and an `init` that stopped half-way. Owner only: intents are sealed under the root wrap key.
extension Vault {
    /// Completes every interrupted operation of this account's tree. Running it when nothing was interrupted
    /// changes nothing.
    public func repair() throws(VaultError) -> VaultRepairReport {
        let rootListingCreated = try repairInit()
        var completed = 0
        for (id, intent) in try intents() {
            switch intent.operation {
            case .unshare: try completeUnshare(intent)
            }
            storage.delete(id)
            completed += 1
        }
        return VaultRepairReport(unsharesCompleted: completed, rootListingCreated: rootListingCreated)
    }

    /// An `init` interrupted after the root keyring: the keyring is there, this account's (signed by it, opened by
    /// its root wrap key), the listing absent and never seen by this device (seen, it is withheld, not missing).
    /// Then the empty listing is created — what `init` would have done.
    func repairInit() throws(VaultError) -> Bool {
        let listID = VaultStorage.recordID(rootID, .list)
        let keysID = VaultStorage.recordID(rootID, .keys)
        guard let bytes = try storage.getIfPresent(keysID, limit: VaultRecordLimit.keyring),
            try storage.getIfPresent(listID, limit: VaultRecordLimit.listing) == nil,
            try state.mark(.manifest, rootID) == 0
        else { return false }
        let keyring = try FolderKeyring(parsing: bytes)
        try keyring.checkPlacement(treeOwner: accountID, folder: rootID, parent: .zero)
        try keyring.verifySignature(writers: ownWriters, counter: counter)
        _ = try keyring.unwrap(parentKeys: rootParentKeys)
        let manifest = emptyListing(treeOwner: accountID, folder: rootID)
        try storage.create(listID, manifest.encoded)
        try state.accept(.keyring, rootID, version: UInt64(keyring.latestEpoch), what: FolderKeyring.kindName)
        try state.accept(.manifest, rootID, version: 1, what: Manifest.kindName)
        return true
    }

    /// Finishes an interrupted unshare. While the member is still on the folder's member list the rotation did not
    /// reach its end: it is run again (a new epoch for the whole subtree, as re-running the command would). Once the
    /// list is without the member, only the share records may lag: the remaining members' are rewritten under the
    /// newest epoch and the removed member's is deleted. A folder that no longer exists needs nothing.
    func completeUnshare(_ intent: VaultIntent) throws(VaultError) {
        guard let path = try ownPath(of: intent.folder) else { return }
        let folder = try ownFolder(at: path)
        if folder.members?.contains(intent.member) == true {
            _ = try unshare(path, removing: intent.member, name: intent.member.hex)
        } else if folder.members != nil {
            try refreshShares(of: folder, removing: intent.member, name: path.name ?? "/")
        }
    }

    /// The path of the folder `id` in this account's tree, or nil (every step verified).
    func ownPath(of id: NodeID) throws(VaultError) -> VaultPath? {
        var queue = [try ownRoot()]
        while !queue.isEmpty {
            let folder = queue.removeFirst()
            if folder.id == id { return folder.path }
            queue += try subfolders(of: folder)
        }
        return nil
    }

    /// This tree's intent records, each opened and checked (an unreadable one stops the repair: it may name an
    /// operation that must not be left half-done).
    func intents() throws(VaultError) -> [(RecordID, VaultIntent)] {
        let prefix = "\(rootID.hex).intent-"
        var out: [(RecordID, VaultIntent)] = []
        for id in try storage.list() where id.rawValue.hasPrefix(prefix) {
            guard let bytes = try storage.getIfPresent(id, limit: VaultIntent.byteCount) else { continue }
            let intent = try VaultIntent(
                parsing: bytes, owner: account.identity.publicKeys, wrapKey: rootParentKeys.latestKey)
            out.append((id, intent))
        }
        return out
    }

    /// Writes `intent` before the operation's first commit (create-only: a fresh id).
    func record(_ intent: VaultIntent) throws(VaultError) {
        try storage.create(
            VaultIntent.recordID(root: rootID, intent: intent.id),
            intent.encoded(owner: accountID, wrapKey: rootParentKeys.latestKey, signer: signer))
    }

    /// Removes every intent for the same operation (this run's, and those of earlier interrupted runs it finished).
    func clearIntents(like done: VaultIntent) throws(VaultError) {
        for (id, intent) in try intents()
        where intent.operation == done.operation && intent.folder == done.folder && intent.member == done.member {
            storage.delete(id)
        }
    }
}
