// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// One version of a file, verified (Spec/vault.md §8.7): the current one, or an earlier one its record names.
package struct VaultVersion: Sendable, Equatable {
    /// The node record's version number.
    package let number: UInt64
    /// True for the version the folder's listing pins.
    package let isCurrent: Bool
    package let size: UInt64
    /// The modification time given when this version was put, in Unix seconds (0 when none).
    package let modified: UInt64
    package let contentType: String
    /// Who wrote this version's record.
    package let writer: AccountID
}

extension Vault {
    /// How many versions of a file a write keeps by default: the new one and up to 9 earlier ones (Spec/vault.md §4.1).
    package static let defaultKeptVersions = 10
    /// The most versions a write can keep: the new one and `NodeMetadata.maximumPreviousVersions` earlier ones.
    package static let maximumKeptVersions = NodeMetadata.maximumPreviousVersions + 1

    /// The earlier versions a new version of `child` names: `child` itself, then the versions it names, newest
    /// first, `keeping - 1` at most (1 ≤ keeping ≤ `maximumKeptVersions`; 1 keeps none). The ones dropped are left
    /// for `vault gc`.
    static func history(after child: VerifiedChild?, keeping: Int) -> [NodeMetadata.PreviousVersion] {
        guard let child, child.record.kind == .file else { return [] }
        let kept = max(0, min(keeping, maximumKeptVersions) - 1)
        let all =
            [NodeMetadata.PreviousVersion(version: child.record.version, recordHash: child.record.hash)]
            + child.metadata.previous
        return Array(all.prefix(kept))
    }

    /// Every version of the file at `path` the current record names, newest (the current one) first, each read and
    /// checked as §8.7 says.
    package func versions(of path: VaultPath) throws(VaultError) -> [VaultVersion] {
        let (parent, child) = try file(at: path)
        var out = [VaultVersion(child, isCurrent: true)]
        for previous in child.metadata.previous {
            out.append(VaultVersion(try reader.previousVersion(previous, of: child, in: parent), isCurrent: false))
        }
        return out
    }

    /// Streams version `number` of the file at `path` into `sink` as `read(_:to:)` does (`notFound` when the
    /// current record names no such version).
    package func read(_ path: VaultPath, version number: UInt64, to sink: ByteSink) throws(VaultError) {
        let (parent, child) = try file(at: path)
        let version = try self.version(number, of: child, in: parent, path: path)
        let (head, body) = try reader.streamedContent(of: version)
        try SealedContent.decrypt(
            head: head, body: body, size: version.metadata.size, record: version.record, keys: parent.keys, to: sink)
    }

    /// Makes version `number` of the file at `path` current again, as a new version: its content re-wrapped under
    /// the folder's newest epoch (a new header and a copy of its payload), its size, time and type, the file's
    /// current name, and a history that starts with the version it replaces — nothing is lost (§10.3).
    package func restore(_ path: VaultPath, version number: UInt64) throws(VaultError) {
        try committing { () throws(VaultError) in
            let (parent, child) = try file(at: path)
            try parent.checkWritable()
            let old = try version(number, of: child, in: parent, path: path)
            let id = child.record.id
            let content = try content(of: old).rewrapped(keys: parent.keys, node: id) { fileKey in
                [
                    FolderKeyStanza.wrap(
                        fileKey, folder: parent.id, epoch: parent.keys.latest, key: parent.keys.latestKey, node: id)
                ]
            }
            var metadata = old.metadata
            metadata.name = child.metadata.name
            metadata.trashed = 0
            metadata.previous = Self.history(after: child, keeping: keptVersions)
            let record = NodeRecord.seal(
                treeOwner: parent.owner, id: id, parent: parent.id, kind: .file, version: child.record.version + 1,
                epoch: parent.keys.latest, parentKey: parent.keys.latestKey, commitment: content.commitment,
                metadata: metadata, signer: signer)
            try storeNodeRecord(record)
            try storeContent(content, of: id)
            try commit([record], to: parent, replacing: [])
        }
    }

    /// Version `number` of `child`: the child itself, or the earlier version its record names.
    func version(_ number: UInt64, of child: VerifiedChild, in parent: FolderView, path: VaultPath)
        throws(VaultError) -> VerifiedChild
    {
        if number == child.record.version { return child }
        guard let previous = child.metadata.previous.first(where: { $0.version == number }) else {
            throw .notFound("\(path) version \(number)")
        }
        return try reader.previousVersion(previous, of: child, in: parent)
    }
}

extension FolderReader {
    /// An earlier version `child`'s record names, checked in order (§8.7): present (`childMissing`) → its SHA-256 is
    /// the named one (`manifestMismatch`) → layout → placement: the same tree, node, folder and kind, and the version
    /// number named (`recordMisplaced`) → signer and signature → metadata AEAD. The current record is pinned by the
    /// listing and names the earlier one by hash, so the storage side can neither swap, replace nor add a version.
    func previousVersion(_ previous: NodeMetadata.PreviousVersion, of child: VerifiedChild, in folder: FolderView)
        throws(VaultError) -> VerifiedChild
    {
        let id = child.record.id
        let node = "\(id.hex) (version \(previous.version))"
        guard
            let bytes = try storage.getIfPresent(
                VaultStorage.nodeRecordID(id, hash: previous.recordHash), limit: VaultRecordLimit.node)
        else { throw .childMissing(node: node) }
        guard SHA256.hash(bytes) == previous.recordHash else { throw .manifestMismatch(node: node) }
        let record = try NodeRecord(parsing: bytes)
        try record.checkPlacement(treeOwner: folder.owner, id: id, parent: folder.id, kind: .file)
        guard record.version == previous.version else {
            throw .recordMisplaced(
                kind: NodeRecord.kindName, reason: "it is version \(record.version), named as \(previous.version)")
        }
        try record.verifySignature(writers: folder.writers, counter: counter)
        let metadata = try record.openMetadata(parentKeys: folder.keys)
        return VerifiedChild(
            entry: Manifest.Entry(id: id, kind: .file, recordHash: previous.recordHash), record: record,
            metadata: metadata)
    }
}

extension VaultVersion {
    init(_ child: VerifiedChild, isCurrent: Bool) {
        number = child.record.version
        self.isCurrent = isCurrent
        size = child.metadata.size
        modified = child.metadata.modified
        contentType = child.metadata.contentType
        writer = child.record.signer
    }
}
