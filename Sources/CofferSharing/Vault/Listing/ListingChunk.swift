// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// One immutable piece of a chunked listing (Spec/vault.md §6.1):
///
/// `chunk = "CFVC" ‖ 0x01 ‖ treeOwner ‖ folderID ‖ BE64(written) ‖ BE32(n) ‖ (childID(16) ‖ kind(1) ‖
/// SHA-256(childRecord) ‖ nameTag(16))ⁿ`, `1 ≤ n ≤ 512`, children in strictly increasing id order, `written` the
/// version of the head it was first written for.
///
/// Not signed: the signed listing head pins its SHA-256, exactly as a node record pins a file's content, so a
/// chunk the storage side swaps, replays or edits is `manifestMismatch` before any byte of it is parsed. `written`
/// makes a chunk's bytes, hence its name, unique to one head version: a chunk a writer drops after its commit is
/// never written again by a later writer (versions only grow), so deleting it cannot remove a newer head's chunk.
package struct ListingChunk: Sendable, Equatable {
    static let magic = "CFVC"
    static let kindName = "listing chunk"
    static let entryByteCount = 16 + 1 + 32 + NameTag.byteCount
    /// The most children one chunk holds; a writer splits a chunk that would hold more.
    package static let maximumEntries = 512
    /// A writer merges a chunk below this size into its neighbour (when the listing has more than one chunk).
    static let minimumEntries = 128
    static let headerByteCount = 5 + 16 + 16 + 8 + 4

    package let treeOwner: AccountID
    package let folder: NodeID
    package let written: UInt64
    package let entries: [Manifest.Entry]
    package let encoded: [UInt8]
    /// `SHA-256(chunk)`: what the head pins.
    package let hash: [UInt8]

    /// The layout only (`malformedRecord`, `unsupportedVersion`); order within the chunk included.
    package init(parsing bytes: [UInt8]) throws(VaultError) {
        do throws(RecordDecodingError) {
            // The header only: the fields after it say how long the chunk is.
            var reader = try RecordHeader.read(bytes, magic: Self.magic, lengths: [1: .atLeast(5)]).reader
            treeOwner = try reader.accountID("tree owner")
            folder = try reader.nodeID("folder id")
            written = try reader.uint64("version written")
            let count = try reader.uint32("child count")
            guard count >= 1, count <= Self.maximumEntries, Int(count) * Self.entryByteCount == reader.remaining else {
                throw RecordDecodingError(
                    field: "child count", problem: .invalid("child count \(count) does not match the record length"))
            }
            let entries = try reader.childEntries(count: count, withNameTags: true)
            try reader.finish()
            self.entries = entries
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        encoded = bytes
        hash = SHA256.hash(bytes)
    }

    /// Must name the tree and folder whose head pinned it (`recordMisplaced`).
    func checkPlacement(treeOwner: AccountID, folder: NodeID) throws(VaultError) {
        guard self.treeOwner == treeOwner, self.folder == folder else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it names another tree or folder than its head")
        }
    }

    /// Writes a chunk of 1…512 entries for head version `written`, each with its name tag, in increasing id order
    /// (the caller's duty).
    package static func make(
        treeOwner: AccountID, folder: NodeID, written: UInt64, entries: [Manifest.Entry]
    ) -> ListingChunk {
        // What a reader parses back: a missing name tag is written, and read, as 16 zero bytes.
        let tagged = entries.map {
            Manifest.Entry(
                id: $0.id, kind: $0.kind, recordHash: $0.recordHash,
                nameTag: $0.nameTag ?? [UInt8](repeating: 0, count: NameTag.byteCount))
        }
        var body = RecordWriter()
        body.append(ascii: magic)
        body.append(UInt8(1))
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(written)
        body.append(UInt32(tagged.count))
        for entry in tagged {
            body.append(entry.id.bytes)
            body.append(entry.kind.rawValue)
            body.append(entry.recordHash)
            body.append(entry.nameTag ?? [])
        }
        return ListingChunk(
            treeOwner: treeOwner, folder: folder, written: written, entries: tagged, encoded: body.bytes)
    }

    /// The chunk whose bytes are `encoded`, written with exactly these fields (the writer's form: nothing to
    /// re-parse).
    private init(treeOwner: AccountID, folder: NodeID, written: UInt64, entries: [Manifest.Entry], encoded: [UInt8]) {
        self.treeOwner = treeOwner
        self.folder = folder
        self.written = written
        self.entries = entries
        self.encoded = encoded
        hash = SHA256.hash(encoded)
    }
}
