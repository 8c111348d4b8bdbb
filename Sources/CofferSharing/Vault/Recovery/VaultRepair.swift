// SPDX-License-Identifier: MIT
import CofferKeys

/// What `repair` found and finished.
public struct VaultRepairReport: Sendable, Equatable {
    /// Interrupted unshares completed (each named by an intent record, then removed).
    public let unsharesCompleted: Int
    /// The root's empty listing was created after an `init` that stopped between its keyring and its listing.
    public let rootListingCreated: Bool
    /// Interrupted moves across folders finished (the node was listed at its destination; the source lets it go).
    public let movesFinished: Int
    /// Interrupted moves across folders rolled back (the destination never listed the node; it stays where it is).
    public let movesRolledBack: Int
    /// Interrupted `link revoke --rekey`s completed (new epochs again, then the link record deleted).
    public let rekeysCompleted: Int

    package init(
        unsharesCompleted: Int, rootListingCreated: Bool, movesFinished: Int = 0, movesRolledBack: Int = 0,
        rekeysCompleted: Int = 0
    ) {
        self.unsharesCompleted = unsharesCompleted
        self.rootListingCreated = rootListingCreated
        self.movesFinished = movesFinished
        self.movesRolledBack = movesRolledBack
        self.rekeysCompleted = rekeysCompleted
    }
}

/// Finishing what an interrupted command left (Spec/vault.md §10.9): the intent records of multi-step
/// operations, and an `init` that stopped half-way. Owner only: intents are sealed under the root wrap key.
extension Vault {
    /// Completes every interrupted operation of this account's tree. Running it when nothing was interrupted
    /// changes nothing.
    public func repair() throws(VaultError) -> VaultRepairReport {
        let rootListingCreated = try repairInit()
        var (unshares, finished, rolledBack, rekeys) = (0, 0, 0, 0)
        for (id, intent) in try intents() {
            switch intent.action {
            case .unshare(let folder, let member):
                try completeUnshare(folder: folder, member: member)
                unshares += 1
            case .move(let node, let destination):
                if try completeMove(node, to: destination) { finished += 1 } else { rolledBack += 1 }
            case .linkRekey(let folder, let link):
                try completeRekey(folder: folder, link: link)
                rekeys += 1
            }
            storage.delete(id)
        }
        return VaultRepairReport(
            unsharesCompleted: unshares, rootListingCreated: rootListingCreated, movesFinished: finished,
            movesRolledBack: rolledBack, rekeysCompleted: rekeys)
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
    func completeUnshare(folder id: NodeID, member: AccountID) throws(VaultError) {
        guard let path = try ownPath(of: id) else { return }
        let folder = try ownFolder(at: path)
        if folder.members?.contains(member) == true {
            _ = try unshare(path, removing: member, name: member.hex)
        } else if folder.members != nil {
            try refreshShares(of: folder, removing: member, name: path.name ?? "/")
        }
    }

    /// Finishes an interrupted `link revoke --rekey` by running its rotation again from the start — new epochs for
    /// the folder and every folder below, each step safe to repeat — then deleting the link record if it is still
    /// there. The record's absence proves nothing (the provider may withhold it), so the rotation is never skipped;
    /// an interruption after the record's deletion costs one epoch more. A folder gone needs nothing.
    func completeRekey(folder id: NodeID, link: LinkLookupID) throws(VaultError) {
        guard let path = try ownPath(of: id) else { return }
        _ = try rekey(path)
        storage.delete(StoredFolderLink.recordID(link))
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
        for (id, intent) in try intents() where intent.isSameOperation(as: done) {
            storage.delete(id)
        }
    }
}
