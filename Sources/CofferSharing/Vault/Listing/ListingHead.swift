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
        var reader = RecordReader(envelope.body)
        let total: UInt32
        var chunks: [ChunkReference] = []
        var sum = 0
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            folder = try reader.nodeID("folder id")
            version = try reader.uint64("version")
            total = try reader.uint32("child count")
            let count = try reader.uint32("chunk count")
            guard version >= 1 else {
                throw RecordDecodingError(field: "version", problem: .invalid("version starts at 1"))
            }
            guard count <= Self.maximumChunks, Int(count) * Self.chunkReferenceByteCount == reader.remaining else {
                throw RecordDecodingError(
                    field: "chunk count", problem: .invalid("chunk count \(count) does not match the record length"))
            }
            chunks.reserveCapacity(Int(count))
            for _ in 0..<count {
                let children = try reader.uint32("chunk size")
                guard children >= 1, children <= ListingChunk.maximumEntries else {
                    throw RecordDecodingError(
                        field: "chunk size", problem: .invalid("a chunk holds \(children) children (1…512)"))
                }
                sum += Int(children)
                chunks.append(ChunkReference(count: Int(children), hash: try reader.take(32, "chunk hash")))
            }
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
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
        let references = chunks.map { ChunkReference(count: $0.entries.count, hash: $0.hash) }
        let childCount = references.reduce(0) { $0 + $1.count }
        var body = RecordWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(version)
        body.append(UInt32(childCount))
        body.append(UInt32(references.count))
        for reference in references {
            body.append(UInt32(reference.count))
            body.append(reference.hash)
        }
        return ListingHead(
            treeOwner: treeOwner, folder: folder, version: version, childCount: childCount, chunks: references,
            envelope: SignedRecord(
                kind: kindName, magic: magic, body: body.bytes, label: VaultLabel.listingHead, signer: signer))
    }

    /// The head `envelope` signs, whose body holds exactly these fields (the writer's form: nothing to re-parse).
    private init(
        treeOwner: AccountID, folder: NodeID, version: UInt64, childCount: Int, chunks: [ChunkReference],
        envelope: SignedRecord
    ) {
        self.treeOwner = treeOwner
        self.folder = folder
        self.version = version
        self.childCount = childCount
        self.chunks = chunks
        self.envelope = envelope
        encoded = envelope.encoded
    }
}
