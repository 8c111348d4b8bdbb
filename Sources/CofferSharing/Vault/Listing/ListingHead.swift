// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder's signed listing head, its commit point `<folder>.list` (Spec/vault.md §6.1):
///
/// `body = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(n) ‖ BE32(m) ‖ (BE32(countᵢ) ‖ SHA-256(chunkᵢ))ᵐ`,
/// `n = Σ countᵢ ≤ 2²⁰`, `m ≤ 8192`, `1 ≤ countᵢ ≤ 512`.
///
/// The head pins every chunk by hash and says how many children each holds, so a writer that changes one child
/// rewrites one chunk (two when it splits) and this head, whatever the size of the folder.
package struct ListingHead: Sendable, Equatable {
    static let magic = "CFVH"
    static let kindName = "listing head"
    static let chunkReferenceByteCount = 4 + 32
    package static let maximumChunks = 8192

    package struct ChunkReference: Sendable, Equatable {
        package let count: Int
        package let hash: [UInt8]
    }

    package let treeOwner: AccountID
    package let folder: NodeID
    package let version: UInt64
    package let childCount: Int
    package let chunks: [ChunkReference]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    /// The layout only (`malformedRecord`, `unsupportedVersion`).
    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = VaultReader(envelope.body, kind: Self.kindName)
        treeOwner = try reader.accountID("tree owner")
        folder = try reader.nodeID("folder id")
        version = try reader.uint64("version")
        let total = try reader.uint32("child count")
        let count = try reader.uint32("chunk count")
        guard version >= 1 else { throw .malformedRecord(kind: Self.kindName, reason: "version starts at 1") }
        guard count <= Self.maximumChunks, Int(count) * Self.chunkReferenceByteCount == reader.remaining else {
            throw .malformedRecord(kind: Self.kindName, reason: "chunk count \(count) does not match the record length")
        }
        var chunks: [ChunkReference] = []
        chunks.reserveCapacity(Int(count))
        var sum = 0
        for _ in 0..<count {
            let children = try reader.uint32("chunk size")
            guard children >= 1, children <= ListingChunk.maximumEntries else {
                throw .malformedRecord(kind: Self.kindName, reason: "a chunk holds \(children) children (1…512)")
            }
            sum += Int(children)
            chunks.append(ChunkReference(count: Int(children), hash: try reader.take(32, "chunk hash")))
        }
        try reader.finish()
        guard total <= Manifest.maximumChildren, sum == Int(total) else {
            throw .malformedRecord(kind: Self.kindName, reason: "child count \(total) is not the sum of the chunks'")
        }
        childCount = sum
        self.chunks = chunks
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
        try envelope.verify(label: VaultLabel.listingHead, writers: writers, counter: counter)
    }

    package var signer: AccountID { envelope.signer }

    /// Writes and signs a head over `chunks`, in order.
    package static func make(
        treeOwner: AccountID, folder: NodeID, version: UInt64, chunks: [ListingChunk], signer: VaultSigner
    ) -> ListingHead {
        var body = VaultWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(version)
        body.append(UInt32(chunks.reduce(0) { $0 + $1.entries.count }))
        body.append(UInt32(chunks.count))
        for chunk in chunks {
            body.append(UInt32(chunk.entries.count))
            body.append(chunk.hash)
        }
        return try! ListingHead(
            parsing: SignedRecord.make(magic: magic, body: body.bytes, label: VaultLabel.listingHead, signer: signer))
    }
}
