// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// Opens a vault folder link without an account (Spec/links.md §8.1), in this order:
///
/// 1. fetch `link-<hex(lookupID)>` (absent: `LinkError.noLinkStanza` — revoked, or never there);
/// 2. `FolderLinks.open`: the link record checks of §6 (signature under the key `S` derives, kind, expiry, password,
///    KDF policy, unwrap) and the commitment against the stored folder id (`targetMismatch`);
/// 3. the record must be version 2 (a version 1 folder record names no owner: `unsupportedRecordVersion(1)`);
/// 4. fetch the owner's bundle `<owner>.bundle` and check it (`VaultError.account`): its id is derived from its
///    signing key and must equal the signed owner field;
/// 5. walk up from the folder's keyring to the owner's root and back down (`FolderReader.ancestorWriters`), so the
///    members of a shared folder above the linked one are writers here too (Spec/vault.md §8.6);
/// 6. read the folder as the vault does (`FolderReader`): member list, keyring (signed by a writer), listing,
///    node records, content commitments — under the record's epoch key and the epochs below it.
///
/// The reader has no device memory, so it has no high-water marks: a server can serve it an older (still signed)
/// state of the folder. Errors are `LinkError` (steps 1–3) or `VaultError` (4–6).
public struct VaultLinkReader: Sendable {
    let reader: FolderReader
    let root: FolderView

    /// The tree owner the link names (signed) and whose bundle checked out.
    package var owner: AccountID { root.owner }
    /// The linked folder.
    package var folder: NodeID { root.id }

    /// Steps 1–6 above, on a vault kept in a directory; the reader of the linked folder. Throws `LinkError` or
    /// `VaultError`.
    public static func open(
        _ link: ShareLink, password: Password?, now: UInt64, store: DirectoryRecordStore
    ) throws -> VaultLinkReader {
        try open(link, password: password, now: now, store: store as any RecordStore)
    }

    /// `open(_:password:now:store:)` on any of the package's record stores (a `coffer serve` server, a test's).
    package static func open(
        _ link: ShareLink, password: Password?, now: UInt64, store: any RecordStore
    ) throws -> VaultLinkReader {
        try open(
            link, password: password, now: now, store: store, policy: .standard, hashing: Argon2idHashing(),
            counter: VaultOperationCounter())
    }

    /// `open(_:password:now:store:)` with the link's KDF checked against `policy` and its password stretched by
    /// `hashing` (tests choose a fast one).
    package static func open(
        _ link: ShareLink, password: Password?, now: UInt64, store: any RecordStore, policy: KDFPolicy = .standard,
        hashing: any PasswordHashing = Argon2idHashing()
    ) throws -> VaultLinkReader {
        try open(
            link, password: password, now: now, store: store, policy: policy, hashing: hashing,
            counter: VaultOperationCounter())
    }

    /// `open`, counting public-key operations in `counter` (tests, benchmarks).
    package static func open(
        _ link: ShareLink, password: Password?, now: UInt64, store: any RecordStore, policy: KDFPolicy = .standard,
        hashing: any PasswordHashing = Argon2idHashing(), counter: VaultOperationCounter
    ) throws -> VaultLinkReader {
        let storage = VaultStorage(store: store)
        guard let bytes = try storage.getIfPresent(StoredFolderLink.recordID(link.lookupID)) else {
            throw LinkError.noLinkStanza(lookupID: link.lookupID.urlText)
        }
        let stored = try StoredFolderLink(parsing: bytes)
        let opener = LinkOpener(link: link, password: password, now: now, policy: policy, hashing: hashing)
        let key = try FolderLinks.open(stored.envelope, with: opener, folderID: stored.folder.bytes)
        let record = stored.envelope.record
        guard let ownerID = record.owner else { throw LinkError.unsupportedRecordVersion(record.version) }
        let owner: IdentityBundle
        do {
            owner = try IdentityBundle(encoded: storage.get(RecordID.bundle(ownerID)))
        } catch let error as KeysError {
            throw VaultError.account(error)
        }
        guard owner.accountID == ownerID else {
            throw VaultError.account(.accountIDMismatch(expected: ownerID.hex, actual: owner.accountID.hex))
        }
        let reader = FolderReader(storage: storage, state: nil, counter: counter)
        let above = try reader.ancestorWriters(owner: owner.keys, folder: stored.folder)
        let root = try reader.loadFolder(
            owner: owner.keys, id: stored.folder, parent: above.parent, writers: above.writers, members: above.members,
            path: VaultPath(root: .own, components: [])
        ) { keyring throws(VaultError) in try keyring.unwrap(latest: FolderKey(validated: key), epoch: record.epoch) }
        return VaultLinkReader(reader: reader, root: root)
    }

    /// The verified entries of the folder `path` below the linked folder (`/` is the linked folder), by name.
    public func list(_ path: VaultPath? = nil) throws(VaultError) -> [VaultEntry] {
        try reader.visibleChildren(of: reader.walk(from: root, Self.below(path)?.components ?? [])).map(VaultEntry.init)
            .sorted { $0.name < $1.name }
    }

    /// A link's paths start at the linked folder: `/a/b`, never `@share/…` (`invalidName`).
    static func below(_ path: VaultPath?) throws(VaultError) -> VaultPath? {
        guard let path, path.root != .own else { return path }
        throw .invalidName("\(path): paths under a link start with / (the linked folder)")
    }

    /// The plaintext of the file `path` below the linked folder, returned only after every chunk authenticated.
    public func read(_ path: VaultPath) throws(VaultError) -> [UInt8] {
        guard let name = try Self.below(path)?.name else {
            throw .wrongNodeType(path: path.description, expected: "a file")
        }
        let parent = try reader.walk(from: root, path.parent.components)
        guard let child = try reader.child(named: name, in: parent) else { throw .notFound(path.description) }
        guard child.record.kind == .file else { throw .wrongNodeType(path: path.description, expected: "a file") }
        let sink = MemorySink()
        try reader.content(of: child).decrypt(record: child.record, keys: parent.keys, to: sink)
        return sink.bytes
    }
}
