// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder's listing as a reader accepted it (Spec/vault.md §6, §8.2): a signed head and the chunks it pins, or
/// — a folder last written before chunked listings — one signed `CFVL` record. Either way, `entries` holds every
/// child in strictly increasing id order, each exactly once.
package struct FolderListing: Sendable {
    package let version: UInt64
    package let entries: [Manifest.Entry]
    /// The chunks in order, each with its entries; nil for a single-record listing.
    let chunks: [ListingChunk]?
    package let signer: AccountID

    /// True when the listing is a head and chunks (every entry has a name tag).
    package var isChunked: Bool { chunks != nil }

    init(single manifest: Manifest) {
        version = manifest.version
        entries = manifest.entries
        chunks = nil
        signer = manifest.signer
    }

    init(head: ListingHead, chunks: [ListingChunk]) {
        version = head.version
        entries = chunks.flatMap(\.entries)
        self.chunks = chunks
        signer = head.signer
    }

    package func entry(_ id: NodeID) -> Manifest.Entry? { entries.first { $0.id == id } }

    /// `<folder>.list` as read, checked in order: a `CFVL` record is a single-record listing (§6.3), anything else
    /// a head — layout → placement → signer and signature (`malformedRecord`, `unsupportedVersion`,
    /// `recordMisplaced`, `unauthorizedWriter`, `signatureInvalid`). The chunks are read after the caller's
    /// rollback check (`chunks(of:)`).
    static func head(
        _ bytes: [UInt8], treeOwner: AccountID, folder: NodeID, writers: VaultWriters, counter: VaultOperationCounter?
    ) throws(VaultError) -> Either {
        if bytes.count >= 4, Array(bytes.prefix(4)) == Array(Manifest.magic.utf8) {
            let manifest = try Manifest(parsing: bytes)
            try manifest.checkPlacement(treeOwner: treeOwner, folder: folder)
            try manifest.verifySignature(writers: writers, counter: counter)
            return .single(manifest)
        }
        let head = try ListingHead(parsing: bytes)
        try head.checkPlacement(treeOwner: treeOwner, folder: folder)
        try head.verifySignature(writers: writers, counter: counter)
        return .head(head)
    }

    /// Reads a listing the way §8.2 says — the head or single record, then the device's mark
    /// (`rollbackDetected`), then the chunks, fetched by name through `record` — for test vectors and tools.
    package static func read(
        _ bytes: [UInt8], treeOwner: AccountID, folder: NodeID, writers: VaultWriters, highWaterMark: UInt64,
        record: (String) -> [UInt8]?
    ) throws(VaultError) -> FolderListing {
        let first = try head(bytes, treeOwner: treeOwner, folder: folder, writers: writers, counter: nil)
        try VaultDeviceState.check(presented: first.version, seen: highWaterMark, what: Manifest.kindName)
        switch first {
        case .single(let manifest):
            return FolderListing(single: manifest)
        case .head(let head):
            return FolderListing(head: head, chunks: try chunks(of: head) { id in record(id.rawValue) })
        }
    }

    enum Either {
        case single(Manifest)
        case head(ListingHead)

        var version: UInt64 {
            switch self {
            case .single(let manifest): manifest.version
            case .head(let head): head.version
            }
        }
    }

    /// Each chunk the head pins, in order: present (`childMissing`) → its SHA-256 is the pinned one
    /// (`manifestMismatch`) → layout, with the head's count (`malformedRecord`, `unsupportedVersion`) → it names the
    /// head's tree and folder (`recordMisplaced`) → its first child follows the previous chunk's last
    /// (`malformedRecord`). Reading costs one bounded read per 128–512 children and no signature.
    static func chunks(of head: ListingHead, reading read: (RecordID) throws(VaultError) -> [UInt8]?)
        throws(VaultError) -> [ListingChunk]
    {
        var chunks: [ListingChunk] = []
        chunks.reserveCapacity(head.chunks.count)
        for reference in head.chunks {
            let id = VaultStorage.chunkID(head.folder, hash: reference.hash)
            guard let bytes = try read(id) else { throw .childMissing(node: "\(head.folder.hex) (chunk \(id))") }
            guard SHA256.hash(bytes) == reference.hash else {
                throw .manifestMismatch(node: "\(head.folder.hex) (chunk \(id))")
            }
            let chunk = try ListingChunk(parsing: bytes)
            guard chunk.entries.count == reference.count else {
                throw .malformedRecord(
                    kind: ListingChunk.kindName,
                    reason: "holds \(chunk.entries.count) children where its head says \(reference.count)")
            }
            try chunk.checkPlacement(treeOwner: head.treeOwner, folder: head.folder)
            if let last = chunks.last?.entries.last, let first = chunk.entries.first, !(last.id < first.id) {
                throw .malformedRecord(
                    kind: ListingChunk.kindName,
                    reason: "children are not in strictly increasing id order across chunks")
            }
            chunks.append(chunk)
        }
        return chunks
    }
}
