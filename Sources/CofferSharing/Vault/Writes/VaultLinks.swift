// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder link as the vault stores it (Spec/links.md §8): record `link-<hex(lookupID)>` holding
/// `folderID(16) ‖ envelope`, where the envelope's record is version 2 (owner and epoch under the link signature).
/// The folder id is not signed: the record's commitment `HKDF(folderKey, salt: folderID)` binds it, so a server that
/// points the link at another folder is refused (`targetMismatch`).
package struct StoredFolderLink: Sendable, Equatable {
    package let folder: NodeID
    package let envelope: LinkEnvelope

    package init(folder: NodeID, envelope: LinkEnvelope) {
        self.folder = folder
        self.envelope = envelope
    }

    /// `link-<hex(lookupID)>` (37 characters).
    package static func recordID(_ lookupID: LinkLookupID) -> RecordID { RecordID(.link, lookupID.bytes) }

    package var encoded: [UInt8] { folder.bytes + envelope.encoded }

    /// Parses `folderID ‖ envelope` (`malformedLinkStanza` when shorter than a folder id or the envelope is bad).
    package init(parsing bytes: [UInt8]) throws(LinkError) {
        guard bytes.count > NodeID.byteCount else { throw .malformedLinkStanza("stored link shorter than a folder id") }
        folder = NodeID(validated: Array(bytes[..<NodeID.byteCount]))
        envelope = try LinkEnvelope(parsing: Array(bytes[NodeID.byteCount...]))
    }
}

/// One stored link as `coffer vault link list` shows it. Read without the link secret, so unverified.
public struct VaultLinkSummary: Sendable, Equatable {
    /// The link's lookup id (what `revokeLink` takes).
    public let lookupID: LinkLookupID
    /// The linked folder.
    public let folder: NodeID
    /// The expiry in Unix seconds (0: never).
    public let expiry: UInt64
    /// True when the link needs a password.
    public let hasPassword: Bool
    /// The folder-key epoch the link opens.
    package let epoch: UInt32
}

extension Vault {
    /// Makes a read-only link to the folder at `path` (in this account's own tree) for the folder key of its newest
    /// epoch, stores `folderID ‖ envelope` as `link-<hex(lookupID)>` and this account's bundle beside it (so that an
    /// opener with only the vault directory can check the owner's signatures), and returns the link. Throws
    /// `VaultError` (the folder) or `LinkError` (expiry, base URL, password KDF).
    public func createLink(_ path: VaultPath, options: FileLinks.Options) throws -> ShareLink {
        try createLink(path, options: options, secret: .generate())
    }

    /// `createLink` with a given secret, KDF policy and password hashing (tests, vectors).
    package func createLink(
        _ path: VaultPath, options: FileLinks.Options, secret: LinkSecret = .generate(), policy: KDFPolicy = .standard,
        hashing: any PasswordHashing = Argon2idHashing()
    ) throws -> ShareLink {
        let folder = try ownFolder(at: path)
        let (link, envelope) = try FolderLinks.makeLink(
            folderKey: folder.keys.latestKey.secret, folderID: folder.id.bytes, owner: accountID,
            epoch: folder.keys.latest, options: options, secret: secret, policy: policy, hashing: hashing)
        try storage.write(RecordID.bundle(accountID), account.bundle.encoded, limit: VaultRecordLimit.other)
        try storage.create(
            StoredFolderLink.recordID(link.lookupID), StoredFolderLink(folder: folder.id, envelope: envelope).encoded)
        return link
    }

    /// The folder links stored in the vault (records `link-…`), parsed but not verified; unparsable ones skipped.
    public func links() throws(VaultError) -> [VaultLinkSummary] {
        var out: [VaultLinkSummary] = []
        for id in try storage.list() where id.rawValue.hasPrefix("link-") {
            guard let bytes = try storage.getIfPresent(id), let stored = try? StoredFolderLink(parsing: bytes) else {
                continue
            }
            let record = stored.envelope.record
            out.append(
                VaultLinkSummary(
                    lookupID: record.lookupID, folder: stored.folder, expiry: record.expiry,
                    hasPassword: record.kdf != nil, epoch: record.epoch))
        }
        return out.sorted { $0.lookupID.urlText < $1.lookupID.urlText }
    }

    /// Deletes the link's record (`notFound` when absent). A server may keep serving the deleted bytes; with
    /// `rekey`, the folder first gets a new key epoch (as removing a member does), so nothing written after the
    /// revocation is readable through the link — first, so that an interrupted revocation leaves the record and
    /// running it again rekeys (Spec/vault.md §10.6). An intent record names the rekey before its first commit and
    /// is removed after the record, so `vault repair` finishes it too (§10.9). Returns the folder's newest epoch.
    /// Throws `VaultError` (`notFound` when the record is absent) or `LinkError` (an unparsable stored record).
    @discardableResult
    public func revokeLink(_ lookupID: LinkLookupID, rekey: Bool = false) throws -> UInt32 {
        let id = StoredFolderLink.recordID(lookupID)
        guard let bytes = try storage.getIfPresent(id) else { throw VaultError.notFound("link \(lookupID.urlText)") }
        let stored = try StoredFolderLink(parsing: bytes)
        guard stored.envelope.record.owner == accountID else {
            throw VaultError.wrongNodeType(path: "link \(lookupID.urlText)", expected: "a link you created")
        }
        guard rekey else {
            try storage.remove(id)
            return stored.envelope.record.epoch
        }
        let path = try self.path(of: stored.folder)
        let intent = VaultIntent(action: .linkRekey(folder: stored.folder, link: lookupID))
        let keys = try self.rekey(path) { () throws(VaultError) in try record(intent) }
        try storage.remove(id)
        try clearIntents(like: intent)
        return keys.latest
    }

    /// A new epoch for the folder at `path` (in this account's own tree) and every folder below it, as an unshare
    /// makes but removing nobody; `beforeFirstCommit` runs after the reads (the caller's intent record).
    func rekey(_ path: VaultPath, beforeFirstCommit: () throws(VaultError) -> Void = {}) throws(VaultError)
        -> EpochKeys
    {
        let folder = try ownFolder(at: path)
        let parentKeys = path.isRoot ? rootParentKeys : try self.folder(at: path.parent).keys
        let nobody = AccountID.zero
        try beforeFirstCommit()
        return try rotate(
            folder, parentKey: parentKeys.latestKey, parentEpoch: parentKeys.latest, removing: nobody,
            name: path.name ?? "/")
    }

    /// The path of folder `id` in this account's own tree (`notFound` if it is not there any more).
    func path(of id: NodeID) throws(VaultError) -> VaultPath {
        var queue = [try ownRoot()]
        while !queue.isEmpty {
            let view = queue.removeFirst()
            if view.id == id { return view.path }
            queue += try subfolders(of: view)
        }
        throw .notFound("folder \(id.hex) in this account's tree")
    }
}
