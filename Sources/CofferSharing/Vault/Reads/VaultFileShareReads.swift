// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// A file share addressed to this account by a verified contact that it has not accepted (checked as `accept`
/// checks the record before it is shown).
package struct PendingFileShare: Sendable, Equatable {
    package let owner: AccountID
    package let file: NodeID
    package let name: String
}

/// The recipient's side of file shares (Spec/vault.md §7.4): find, accept and read one shared version.
extension Vault {
    /// File shares addressed to this account (`*.share-<me>` records that are file shares) from verified contacts,
    /// whose signature and key wrap check out, and that this device has not accepted. Anything else is not shown.
    package func pendingFileShares() throws(VaultError) -> [PendingFileShare] {
        let accepted = Set(try state.fileShares().values.map(\.file))
        let contacts = try verifiedContacts()
        let suffix = ".share-\(accountID.hex)"
        var pending: [PendingFileShare] = []
        for id in try storage.list() where id.rawValue.hasSuffix(suffix) {
            guard let bytes = try storage.getIfPresent(id, limit: VaultRecordLimit.share),
                let record = try? FileShareRecord(parsing: bytes), !accepted.contains(record.node.hex),
                id == VaultStorage.shareID(record.node, recipient: accountID),
                let owner = contacts.first(where: { $0.accountID == record.treeOwner }),
                let opened = try? record.open(me: account.identity, owner: owner.keys, counter: counter)
            else { continue }
            pending.append(PendingFileShare(owner: owner.accountID, file: record.node, name: opened.name))
        }
        return pending.sorted { ($0.owner, $0.file.hex) < ($1.owner, $1.file.hex) }
    }

    /// Accepts the file share of `file` addressed to this account, as `@name`: the record must be signed by the
    /// owner it names, a verified contact (`untrustedContact`), and pass §7.4 steps 1–8 up to the header MAC.
    @discardableResult
    package func acceptFileShare(file: NodeID, as name: String) throws(VaultError) -> AcceptedFileShare {
        try NodeMetadata.checkName(name)
        guard try state.shares()[name] == nil, try state.fileShares()[name] == nil else {
            throw .alreadyExists("share @\(name)")
        }
        let id = VaultStorage.shareID(file, recipient: accountID)
        let record = try FileShareRecord(parsing: storage.get(id, limit: VaultRecordLimit.share))
        guard let owner = try verifiedContacts().first(where: { $0.accountID == record.treeOwner }) else {
            throw .untrustedContact(
                "the share of file \(file.hex) is signed by \(record.signer.hex), who is not a verified contact")
        }
        let accepted = AcceptedFileShare(owner: owner.text, file: file.hex)
        _ = try openFileShare(accepted, checking: DiscardingSink(), payload: false)
        try state.saveFileShare(accepted, as: name)
        return accepted
    }

    /// Streams the file shared as `@name` into `sink`: only authenticated chunks, in order (§7.4, §8.4's release
    /// rule). Returns the sealed name and size.
    @discardableResult
    package func readFileShare(_ name: String, to sink: ByteSink) throws(VaultError) -> (name: String, size: UInt64) {
        guard let accepted = try state.fileShares()[name] else { throw .notFound("share @\(name)") }
        return try openFileShare(accepted, checking: sink, payload: true)
    }

    /// Whether `@name` is an accepted file share (a path `@name` names the file itself).
    package func isFileShare(_ name: String) throws(VaultError) -> Bool { try state.fileShares()[name] != nil }

    /// §7.4 steps 1–8: the record, the node record it pins, the content's commitment and header MAC, and (with
    /// `payload`) every chunk into `sink`.
    func openFileShare(_ accepted: AcceptedFileShare, checking sink: ByteSink, payload: Bool) throws(VaultError)
        -> (name: String, size: UInt64)
    {
        let owner: IdentityBundle
        do {
            owner = try IdentityBundle(text: accepted.owner)
        } catch {
            throw .account(error)
        }
        let file = try NodeID(hex: accepted.file)
        guard
            let bytes = try storage.getIfPresent(
                VaultStorage.shareID(file, recipient: accountID), limit: VaultRecordLimit.share)
        else { throw .notAMember(folder: file.hex) }
        let share = try FileShareRecord(parsing: bytes)
        let opened = try share.open(me: account.identity, owner: owner.keys, node: file, counter: counter)
        let record = try Self.sharedNodeRecord(share, storage: storage)
        try state.accept(.fileShare, file, version: record.version, what: FileShareRecord.kindName)
        guard let bodyLimit = VaultRecordLimit.body(plaintextSize: opened.size) else {
            throw .malformedRecord(kind: FileShareRecord.kindName, reason: "size \(opened.size) cannot be stored")
        }
        guard
            let head = try storage.getIfPresent(
                VaultStorage.contentID(file, .head, commitment: record.commitment), limit: VaultRecordLimit.head),
            let stored = try storage.openIfPresent(
                VaultStorage.contentID(file, .body, commitment: record.commitment), limit: bodyLimit)
        else { throw .childMissing(node: file.hex) }
        let body = try SealedContent.committed(head: head, body: stored, record: record)
        do {
            let decryptor = AgeDecryptor(
                identities: [UnwrappedFileKeyIdentity(fileKey: opened.fileKey)],
                concurrency: SealedContent.concurrency(for: Int(clamping: opened.size)))
            let source = BufferedSource(ChainedSource(MemorySource(head), body))
            let header = try decryptor.openHeader(from: source)
            if payload { try decryptor.decryptPayload(of: header, from: source, to: sink) }
        } catch let error as VaultError {
            throw error
        } catch let error as AgeError {
            throw .contentDamaged(node: file.hex, error)
        } catch let error as VaultStoreError {
            throw VaultError(store: error)
        } catch {
            throw .system("cannot write the plaintext", error)
        }
        return (opened.name, opened.size)
    }

    /// §7.4 step 7: the node record the share pins, fetched by its name and checked (`FileShareRecord.check`).
    static func sharedNodeRecord(_ share: FileShareRecord, storage: VaultStorage) throws(VaultError) -> NodeRecord {
        try share.checkNodeRecord(
            storage.getIfPresent(
                VaultStorage.nodeRecordID(share.node, hash: share.nodeHash), limit: VaultRecordLimit.node))
    }
}
