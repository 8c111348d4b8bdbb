// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder's signed single-record listing (Spec/vault.md §6.3, the first layout; still read, no longer written):
///
/// `body = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(n) ‖ (childID(16) ‖ kind(1) ‖ SHA-256(childRecord))ⁿ`,
/// children in strictly increasing id order.
///
/// The listing accounts for every child: a child the storage side deletes is `childMissing`, one it adds or
/// replaces does not match a pinned hash, and an older listing is refused by the device's high-water mark.
package struct Manifest: Sendable, Equatable {
    static let magic = "CFVL"
    static let kindName = "manifest"
    static let entryByteCount = 16 + 1 + 32
    package static let maximumChildren: UInt32 = 1 << 20

    /// One child: its id, kind, the SHA-256 of its node record and, in a chunked listing only, its name tag
    /// (Spec/vault.md §6.2; nil in a single-record listing, which has none).
    package struct Entry: Sendable, Equatable {
        package let id: NodeID
        package let kind: NodeRecord.Kind
        package let recordHash: [UInt8]
        package let nameTag: [UInt8]?

        package init(id: NodeID, kind: NodeRecord.Kind, recordHash: [UInt8], nameTag: [UInt8]? = nil) {
            self.id = id
            self.kind = kind
            self.recordHash = recordHash
            self.nameTag = nameTag
        }
    }

    package let treeOwner: AccountID
    package let folder: NodeID
    package let version: UInt64
    package let entries: [Entry]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = RecordReader(envelope.body)
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            folder = try reader.nodeID("folder id")
            version = try reader.uint64("version")
            let count = try reader.uint32("child count")
            guard version >= 1 else {
                throw RecordDecodingError(field: "version", problem: .invalid("version starts at 1"))
            }
            guard count <= Self.maximumChildren, Int(count) * Self.entryByteCount == reader.remaining else {
                throw RecordDecodingError(
                    field: "child count", problem: .invalid("child count \(count) does not match the record length"))
            }
            let entries = try reader.childEntries(count: count, withNameTags: false)
            try reader.finish()
            self.entries = entries
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        encoded = bytes
    }

    package func checkPlacement(treeOwner: AccountID, folder: NodeID) throws(VaultError) {
        guard self.treeOwner == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it belongs to another account's tree")
        }
        guard self.folder == folder else {
            throw .recordMisplaced(
                kind: Self.kindName, reason: "it lists folder \(self.folder.hex), read for \(folder.hex)")
        }
    }

    package func verifySignature(writers: VaultWriters, counter: VaultOperationCounter? = nil) throws(VaultError) {
        try envelope.verify(label: VaultLabel.manifest, writers: writers, counter: counter)
    }

    package var signer: AccountID { envelope.signer }

    package func entry(_ id: NodeID) -> Entry? { entries.first { $0.id == id } }

    /// Writes and signs a listing (entries are sorted here).
    package static func make(
        treeOwner: AccountID, folder: NodeID, version: UInt64, entries: [Entry], signer: VaultSigner
    ) -> Manifest {
        // A single-record listing has no name tags: the entries are what a reader parses back.
        let sorted = entries.sorted(by: { $0.id < $1.id }).map {
            Entry(id: $0.id, kind: $0.kind, recordHash: $0.recordHash)
        }
        var body = RecordWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(version)
        body.append(UInt32(sorted.count))
        for entry in sorted {
            body.append(entry.id.bytes)
            body.append(entry.kind.rawValue)
            body.append(entry.recordHash)
        }
        return Manifest(
            treeOwner: treeOwner, folder: folder, version: version, entries: sorted,
            envelope: SignedRecord(
                kind: kindName, magic: magic, body: body.bytes, label: VaultLabel.manifest, signer: signer))
    }

    /// The listing `envelope` signs, whose body holds exactly these fields (the writer's form: nothing to re-parse).
    private init(treeOwner: AccountID, folder: NodeID, version: UInt64, entries: [Entry], envelope: SignedRecord) {
        self.treeOwner = treeOwner
        self.folder = folder
        self.version = version
        self.entries = entries
        self.envelope = envelope
        encoded = envelope.encoded
    }
}

extension RecordReader {
    /// `count` children `childID(16) ‖ kind(1) ‖ SHA-256(childRecord)(32)`, each followed by its 16-byte name tag
    /// when `withNameTags` (a listing chunk), in strictly increasing id order (Spec/vault.md §6.2, §6.3).
    mutating func childEntries(count: UInt32, withNameTags: Bool) throws(RecordDecodingError) -> [Manifest.Entry] {
        var entries: [Manifest.Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            let id = try nodeID("child id")
            guard let kind = NodeRecord.Kind(rawValue: try byte("child kind")) else {
                throw RecordDecodingError(field: "child kind", problem: .invalid("child kind is neither 1 nor 2"))
            }
            if let last = entries.last, !(last.id < id) {
                throw RecordDecodingError(
                    field: "child id", problem: .invalid("children are not in strictly increasing id order"))
            }
            let hash = try take(32, "record hash")
            let nameTag = withNameTags ? try take(16, "name tag") : nil
            entries.append(Manifest.Entry(id: id, kind: kind, recordHash: hash, nameTag: nameTag))
        }
        return entries
    }
}
