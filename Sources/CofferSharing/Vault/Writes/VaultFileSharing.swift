// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// What a file share wrote (Spec/vault.md §7.4): the file, its folder, the recipient and the version shared.
package struct FileShareReceipt: Sendable, Equatable {
    package let file: NodeID
    package let parent: NodeID
    package let member: AccountID
    /// The node record version the share pins.
    package let version: UInt64
    /// True when the file key is wrapped to the recipient's post-quantum key (version 2).
    package let isPostQuantum: Bool
}

/// The owner's side of file shares (Spec/vault.md §7.4, §10.6 item 4): one record per file and recipient.
extension Vault {
    /// Shares the current version of the file at `path` (in this account's own tree) with the verified contact
    /// `contact`, read-only: the file key, size and name are sealed to the contact's pinned key (post-quantum when
    /// the pin has one) in a record signed by this account that pins the version's node record by hash. Sharing
    /// again after the file changed shares the new version. The mixing rule (§7.3) applies to the file's folder
    /// (`classicalShareRefused` unless `allowClassical`).
    @discardableResult
    package func shareFile(
        _ path: VaultPath, with contact: String, allowClassical: Bool = false
    ) throws(VaultError) -> FileShareReceipt {
        guard path.root == .own else { throw .wrongNodeType(path: path.description, expected: "a file you own") }
        let bundle = try verifiedContact(contact)
        return try committing { () throws(VaultError) -> FileShareReceipt in
            let (parent, child) = try file(at: path)
            if !bundle.keys.isPostQuantum, !allowClassical,
                parent.allMembers.contains(where: { $0.accountID != bundle.accountID && $0.keys.isPostQuantum })
            {
                throw .classicalShareRefused(folder: path.description, contact: contact)
            }
            let fileKey = try verifiedFileKey(of: child, in: parent)
            let record = try FileShareRecord.make(
                nodeRecord: child.record, recipient: bundle.keys, fileKey: fileKey, size: child.metadata.size,
                name: child.metadata.name, signer: signer)
            try storage.write(
                VaultStorage.shareID(child.record.id, recipient: bundle.accountID), record.encoded,
                limit: VaultRecordLimit.share)
            return FileShareReceipt(
                file: child.record.id, parent: parent.id, member: bundle.accountID, version: child.record.version,
                isPostQuantum: record.isPostQuantum)
        }
    }

    /// Deletes the file share of the file at `path` with `contact` (`notFound` when there is none). What the
    /// contact already read, and the file key it opened, cannot be taken back (§7.4).
    @discardableResult
    package func unshareFile(_ path: VaultPath, member contact: String) throws(VaultError) -> AccountID {
        guard path.root == .own else { throw .wrongNodeType(path: path.description, expected: "a file you own") }
        let member = try pinnedContact(contact).accountID
        let (_, child) = try file(at: path)
        let id = VaultStorage.shareID(child.record.id, recipient: member)
        guard try storage.getIfPresent(id, limit: VaultRecordLimit.share) != nil else {
            throw .notFound("a share of \(path) with \(contact)")
        }
        try storage.remove(id)
        return member
    }

    /// §8.4 steps 1–2 for a verified file of this account, then its file key from the header's folder-key stanza
    /// (header MAC checked): what a file share seals is a version the owner verified.
    func verifiedFileKey(of child: VerifiedChild, in parent: FolderView) throws(VaultError) -> FileKey {
        let (head, body) = try reader.streamedContent(of: child)
        _ = try SealedContent.committed(head: head, body: body, record: child.record)
        try SealedContent.checkEpochs(head: head, record: child.record, keys: parent.keys)
        do {
            let header = try HeaderParser.parse(from: BufferedSource(MemorySource(head)))
            return try AgeDecryptor(identities: [FolderKeyIdentity(keys: parent.keys, node: child.record.id)])
                .unwrapFileKey(header)
        } catch let error as VaultError {
            throw error
        } catch let error as AgeError {
            throw .contentDamaged(node: child.record.id.hex, error)
        } catch {
            throw .system("cannot read the content's header", error)
        }
    }
}
