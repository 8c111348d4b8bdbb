// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

extension Vault {
    /// Creates the folder at `path` (the parent must exist): a fresh folder key wrapped under the parent's newest
    /// epoch, a signed node record, an empty listing, then the parent's listing with the new child.
    public func makeFolder(_ path: VaultPath) throws(VaultError) {
        guard let name = path.name else { throw .alreadyExists("/") }
        let parent = try folder(at: path.parent)
        guard try child(named: name, in: parent) == nil else { throw .alreadyExists(path.description) }
        let id = NodeID.random()
        let keyring = FolderKeyring.make(
            treeOwner: parent.owner, folder: id, parent: parent.id, parentKey: parent.keys.latestKey,
            parentEpoch: parent.keys.latest, newKey: .random(), previous: nil, signer: signer)
        let record = NodeRecord.seal(
            treeOwner: parent.owner, id: id, parent: parent.id, kind: .folder, version: 1,
            epoch: parent.keys.latest, parentKey: parent.keys.latestKey, commitment: [UInt8](repeating: 0, count: 32),
            metadata: try NodeMetadata(name: name, modified: UInt64(Date().timeIntervalSince1970)), signer: signer)
        let manifest = Manifest.make(treeOwner: parent.owner, folder: id, version: 1, entries: [], signer: signer)
        try storage.put(id, .keys, keyring.encoded)
        try storage.put(id, .list, manifest.encoded)
        try storage.put(id, .node, record.encoded)
        try state.accept(.keyring, id, version: 1, what: FolderKeyring.kindName)
        try state.accept(.manifest, id, version: 1, what: Manifest.kindName)
        try updateListing(of: parent, adding: [record])
    }

    /// Stores `content` as the file at `path`: a new file, or a new version of an existing one (same node id).
    public func put(_ content: [UInt8], at path: VaultPath, modified: UInt64 = 0, contentType: String = "")
        throws(VaultError)
    {
        guard let name = path.name else { throw .wrongNodeType(path: "/", expected: "a file") }
        let parent = try folder(at: path.parent)
        let existing = try child(named: name, in: parent)
        if let existing, existing.record.kind != .file {
            throw .wrongNodeType(path: path.description, expected: "a file")
        }
        let upload = VaultUpload(name: name, content: content, modified: modified, contentType: contentType)
        let record = try write(
            upload, in: parent, id: existing?.record.id ?? .random(), version: (existing?.record.version ?? 0) + 1)
        try updateListing(of: parent, adding: [record])
    }

    /// Adds many new files to the folder at `folderPath` with one listing update (bulk import).
    public func put(_ uploads: [VaultUpload], into folderPath: VaultPath) throws(VaultError) {
        let parent = try folder(at: folderPath)
        var names = Set(try children(of: parent).map(\.metadata.name))
        var records: [NodeRecord] = []
        records.reserveCapacity(uploads.count)
        for upload in uploads {
            guard names.insert(upload.name).inserted else {
                throw .alreadyExists(folderPath.appending(upload.name).description)
            }
            records.append(try write(upload, in: parent, id: .random(), version: 1))
        }
        try updateListing(of: parent, adding: records)
    }

    /// Encrypts one file's content and writes its header, body and signed record (not yet listed).
    func write(_ upload: VaultUpload, in parent: FolderView, id: NodeID, version: UInt64) throws(VaultError)
        -> NodeRecord
    {
        let metadata = try NodeMetadata(
            name: upload.name, size: UInt64(upload.content.count), modified: upload.modified,
            contentType: upload.contentType)
        let sealed = try SealedContent.encrypt(upload.content, folder: parent, node: id)
        let record = NodeRecord.seal(
            treeOwner: parent.owner, id: id, parent: parent.id, kind: .file, version: version,
            epoch: parent.keys.latest, parentKey: parent.keys.latestKey, commitment: sealed.commitment,
            metadata: metadata, signer: signer)
        try storage.put(id, .body, sealed.body)
        try storage.put(id, .head, sealed.head)
        try storage.put(id, .node, record.encoded)
        return record
    }

    /// Writes `folder`'s next listing: the verified entries, minus `removing`, with `adding` (replacing entries of
    /// the same id). Records are written before the listing that pins them, so a crash leaves no dangling entry.
    func updateListing(of folder: FolderView, adding: [NodeRecord], removing: Set<NodeID> = []) throws(VaultError) {
        var entries: [NodeID: Manifest.Entry] = [:]
        for entry in folder.manifest.entries where !removing.contains(entry.id) { entries[entry.id] = entry }
        for record in adding {
            entries[record.id] = Manifest.Entry(id: record.id, kind: record.kind, recordHash: record.hash)
        }
        let version = folder.manifest.version + 1
        guard entries.count <= Manifest.maximumChildren else {
            throw .limitReached(what: "the children of a folder", limit: Manifest.maximumChildren)
        }
        let manifest = Manifest.make(
            treeOwner: folder.owner, folder: folder.id, version: version, entries: Array(entries.values),
            signer: signer)
        try storage.put(folder.id, .list, manifest.encoded)
        try state.accept(.manifest, folder.id, version: version, what: Manifest.kindName)
    }
}
