// SPDX-License-Identifier: MIT
import CofferKeys

/// Who can read a folder, as its verified records say (Spec/vault.md §7.6): the tree's owner and every member of
/// the member lists on the way down to it. Built only from a folder that passed every reader rule.
package struct FolderMembership: Sendable {
    package let folder: NodeID
    package let owner: IdentityPublicKeys
    /// Everyone the owner added here or above, in account-id order.
    package let members: [IdentityBundle]
    /// Each member's role here (a writer on any list from the top down writes here).
    package let roles: [AccountID: MemberRole]
    /// The folder key's newest epoch: every unshare above or here starts a new one.
    package let epoch: UInt32
    /// The folder itself has a member list (else its members, if any, come from a folder above).
    package let sharedHere: Bool
}

/// A share addressed to this account that it has not accepted: signed by a verified contact, on a member list
/// the contact signed for this account (checked as `accept` checks it, before it is shown).
package struct PendingShare: Sendable, Equatable {
    package let owner: AccountID
    package let folder: NodeID
}

extension Vault {
    /// The members of the folder at `path` (one of this account's or a shared one), after every reader rule.
    package func membership(at path: VaultPath) throws(VaultError) -> FolderMembership {
        let view = try folder(at: path)
        return FolderMembership(
            folder: view.id, owner: view.treeOwner,
            members: view.allMembers.sorted { $0.accountID < $1.accountID },
            roles: Dictionary(
                uniqueKeysWithValues: view.allMembers.map { ($0.accountID, view.role(of: $0.accountID) ?? .reader) }),
            epoch: view.keyring.latestEpoch, sharedHere: view.members != nil)
    }

    /// Shares addressed to this account by verified contacts that it has not accepted (or has left): the share
    /// record opens with this account's key and its signature is the owner's. Records from anyone else, or that do
    /// not open, are not shown (the provider could have put them there).
    package func pendingShares() throws(VaultError) -> [PendingShare] {
        let accepted = Set(try state.shares().values.map(\.folder))
        let contacts = try verifiedContacts()
        let suffix = ".share-\(accountID.hex)"
        var pending: [PendingShare] = []
        for id in try storage.list() where id.rawValue.hasSuffix(suffix) {
            guard let bytes = try storage.getIfPresent(id, limit: VaultRecordLimit.share),
                let record = try? ShareRecord(parsing: bytes),
                !accepted.contains(record.folder.hex), !pending.contains(where: { $0.folder == record.folder }),
                let owner = contacts.first(where: { $0.accountID == record.treeOwner }),
                (try? record.open(me: account.identity, owner: owner.keys, counter: counter)) != nil
            else { continue }
            pending.append(PendingShare(owner: owner.accountID, folder: record.folder))
        }
        return pending.sorted { ($0.owner, $0.folder.hex) < ($1.owner, $1.folder.hex) }
    }

    /// Forgets the accepted share `@name` on this device. Nothing in storage changes: the owner's member list
    /// still names this account until the owner unshares (which also starts a new key epoch); on a server the
    /// caller ends this account's side of the membership first (Spec/server.md §6.2).
    @discardableResult
    package func leave(_ name: String) throws(VaultError) -> AcceptedShare {
        guard let accepted = try state.shares()[name] else {
            if let file = try state.fileShares()[name] {  // a file share: forgotten here, as a folder's
                try state.removeFileShare(named: name)
                return AcceptedShare(owner: file.owner, folder: file.file)
            }
            throw .notFound("share @\(name)")
        }
        try state.removeShare(named: name)
        return accepted
    }
}
