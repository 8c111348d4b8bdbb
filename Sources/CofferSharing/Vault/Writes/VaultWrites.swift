// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import Foundation

extension Vault {
    /// Creates the folder at `path` (the parent must exist): a fresh folder key wrapped under the parent's newest
    /// epoch, its keyring and empty listing (new records), a signed node record, then the parent's listing with the
    /// new child — the one commit point (Spec/vault.md §10.3).
    public func makeFolder(_ path: VaultPath) throws(VaultError) {
        guard let name = path.name else { throw .alreadyExists("/") }
        try committing { () throws(VaultError) in
            let parent = try folder(at: path.parent)
            try parent.checkWritable()
            guard try child(named: name, in: parent) == nil else { throw .alreadyExists(path.description) }
            let id = NodeID.random()
            let keyring = FolderKeyring.make(
                treeOwner: parent.owner, folder: id, parent: parent.id, parentKey: parent.keys.latestKey,
                parentEpoch: parent.keys.latest, newKey: .random(), previous: nil, signer: signer)
            let record = NodeRecord.seal(
                treeOwner: parent.owner, id: id, parent: parent.id, kind: .folder, version: 1,
                epoch: parent.keys.latest, parentKey: parent.keys.latestKey,
                commitment: [UInt8](repeating: 0, count: 32),
                metadata: try NodeMetadata(name: name, modified: UInt64(Date().timeIntervalSince1970)), signer: signer)
            let manifest = emptyListing(treeOwner: parent.owner, folder: id)
            // The node record first: whatever else an interruption leaves is then attributable to this tree
            // (`vault gc`, §10.10).
            try storeNodeRecord(record)
            try storage.create(VaultStorage.recordID(id, .keys), keyring.encoded)
            try storage.create(VaultStorage.recordID(id, .list), manifest.encoded)
            try cleaningUp({ deleteFolderRecords(id, record: record) }) { () throws(VaultError) in
                try updateListing(of: parent, adding: [record])
            }
            // Raised, not checked: an unshare may already have rotated the new folder (and this device seen it).
            try state.raise(.keyring, id, to: 1)
            try state.raise(.manifest, id, to: 1)
        }
    }

    /// Stores `content` as the file at `path`: a new file, or a new version of an existing one (same node id, new
    /// records) whose record names the versions it keeps (`keptVersions`, Spec/vault.md §4.1): the replaced version
    /// stays, and the one that falls out of the history is left for `vault gc`.
    public func put(_ content: [UInt8], at path: VaultPath, modified: UInt64 = 0, contentType: String = "")
        throws(VaultError)
    {
        guard let name = path.name else { throw .wrongNodeType(path: "/", expected: "a file") }
        let upload = VaultUpload(name: name, content: content, modified: modified, contentType: contentType)
        try committing { () throws(VaultError) in
            let parent = try folder(at: path.parent)
            try parent.checkWritable()
            let existing = try child(named: name, in: parent)
            if let existing, existing.record.kind != .file {
                throw .wrongNodeType(path: path.description, expected: "a file")
            }
            let written = try write(
                upload, in: parent, id: existing?.record.id ?? .random(), version: (existing?.record.version ?? 0) + 1,
                previous: Self.history(after: existing, keeping: keptVersions))
            try commit([written], to: parent, replacing: [])
        }
    }

    /// Stores exactly `size` bytes read from the source `open` returns as the file at `path`, streamed through the
    /// encryptor into the body record in constant memory (`storageFailure` if the input has another size by the
    /// time it is read). `open` is called again for each attempt after a lost compare-and-swap.
    public func put(
        size: UInt64, at path: VaultPath, modified: UInt64 = 0, contentType: String = "",
        reading open: () throws -> ByteSource
    ) throws(VaultError) {
        guard let name = path.name else { throw .wrongNodeType(path: "/", expected: "a file") }
        let metadata = try NodeMetadata(name: name, size: size, modified: modified, contentType: contentType)
        try committing { () throws(VaultError) in
            let parent = try folder(at: path.parent)
            try parent.checkWritable()
            let existing = try child(named: name, in: parent)
            if let existing, existing.record.kind != .file {
                throw .wrongNodeType(path: path.description, expected: "a file")
            }
            let source: ByteSource
            do {
                source = try open()
            } catch {
                throw .system("cannot open the input", error)
            }
            var versioned = metadata
            versioned.previous = Self.history(after: existing, keeping: keptVersions)
            let written = try writeStreamed(
                source, size: size, metadata: versioned, in: parent, id: existing?.record.id ?? .random(),
                version: (existing?.record.version ?? 0) + 1)
            try commit([written], to: parent, replacing: [])
        }
    }

    /// Adds many new files to the folder at `folderPath` with one listing update (bulk import).
    package func put(_ uploads: [VaultUpload], into folderPath: VaultPath) throws(VaultError) {
        try committing { () throws(VaultError) in
            let parent = try folder(at: folderPath)
            try parent.checkWritable()
            var names = Set(try visibleChildren(of: parent).map(\.metadata.name))
            var written: [NodeRecord] = []
            written.reserveCapacity(uploads.count)
            for upload in uploads {
                guard names.insert(upload.name).inserted else {
                    for record in written { deleteFileRecords(record) }
                    throw .alreadyExists(folderPath.appending(upload.name).description)
                }
                written.append(try write(upload, in: parent, id: .random(), version: 1))
            }
            try commit(written, to: parent, replacing: [])
        }
    }

    /// Commits new file records to `parent`'s listing; on success the records they replace are deleted, after a lost
    /// compare-and-swap the new ones (neither is referenced any more).
    func commit(_ written: [NodeRecord], to parent: FolderView, replacing old: [NodeRecord]) throws(VaultError) {
        try cleaningUp({ for record in written { deleteFileRecords(record) } }) { () throws(VaultError) in
            try updateListing(of: parent, adding: written)
        }
        for record in old { deleteFileRecords(record) }
    }

    /// Encrypts one file's content and creates its signed record, header and body — new records, not yet listed.
    func write(
        _ upload: VaultUpload, in parent: FolderView, id: NodeID, version: UInt64,
        previous: [NodeMetadata.PreviousVersion] = []
    ) throws(VaultError) -> NodeRecord {
        var metadata = try NodeMetadata(
            name: upload.name, size: UInt64(upload.content.count), modified: upload.modified,
            contentType: upload.contentType)
        metadata.previous = previous
        let sealed = try SealedContent.encrypt(upload.content, folder: parent, node: id)
        let record = NodeRecord.seal(
            treeOwner: parent.owner, id: id, parent: parent.id, kind: .file, version: version,
            epoch: parent.keys.latest, parentKey: parent.keys.latestKey, commitment: sealed.commitment,
            metadata: metadata, signer: signer)
        try storeNodeRecord(record)  // first, so that `vault gc` can attribute a content left alone (§10.10)
        try storeContent(sealed, of: id)
        return record
    }

    /// Creates `<node>.body-<c>` then `<node>.head-<c>` (immutable, named by the commitment).
    func storeContent(_ sealed: SealedContent, of id: NodeID) throws(VaultError) {
        let commitment = sealed.commitment
        try storage.createImmutable(
            VaultStorage.contentID(id, .body, commitment: commitment), sealed.body, limit: sealed.body.count)
        try storage.createImmutable(
            VaultStorage.contentID(id, .head, commitment: commitment), sealed.head, limit: VaultRecordLimit.head)
    }

    /// Creates `<node>.node-<h>` (immutable, named by its hash).
    func storeNodeRecord(_ record: NodeRecord) throws(VaultError) {
        try storage.createImmutable(
            VaultStorage.nodeRecordID(record.id, hash: record.hash), record.encoded, limit: VaultRecordLimit.node)
    }

    /// Deletes a file record and its content (no committed listing references them any more).
    func deleteFileRecords(_ record: NodeRecord) {
        storage.delete(VaultStorage.nodeRecordID(record.id, hash: record.hash))
        if record.kind == .file {
            storage.delete(VaultStorage.contentID(record.id, .head, commitment: record.commitment))
            storage.delete(VaultStorage.contentID(record.id, .body, commitment: record.commitment))
        }
    }

    /// Deletes the records of a folder that was never listed (an `mkdir` that lost its commit).
    func deleteFolderRecords(_ id: NodeID, record: NodeRecord) {
        storage.delete(VaultStorage.nodeRecordID(id, hash: record.hash))
        storage.delete(VaultStorage.recordID(id, .list))
        storage.delete(VaultStorage.recordID(id, .keys))
    }
}
