// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_listing.json`: chunked folder listings (Spec/vault.md §6.1, §6.2), read as §8.2 says: the head (layout →
/// placement → signer → signature → the device's mark), then each chunk it pins (present → hash → layout →
/// placement → order across chunks); valid cases also check each child's name tag.
package struct ListingCase: VaultVectorCase {
    /// A record the storage side serves beside the head: its name and bytes.
    package struct ServedRecord: Codable, Sendable {
        package var id: String
        package var record: String
    }

    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    package var chunks: [ServedRecord]
    package var treeOwner: String
    package var folderId: String
    package var writerAgreementKey: String
    package var writerSigningKey: String
    /// The highest listing version this device accepted for the folder.
    package var highWaterMark: UInt64
    /// Epoch 1's folder key, and each child's name in listing order: the name tags to check (valid cases).
    package var folderKey: String
    package var names: [String]?
    package var version: UInt64?
    /// `childID(hex) kind recordHash(hex) nameTag(hex)` per child, in order.
    package var entries: [String]?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let writer = try VaultVectors.writers(agreement: writerAgreementKey, signing: writerSigningKey)
        let served = chunks
        let listing = try FolderListing.read(
            Hex.decode(record), treeOwner: AccountID(bytes: Hex.decode(treeOwner)),
            folder: NodeID(bytes: Hex.decode(folderId)), writers: VaultWriters([writer]),
            highWaterMark: highWaterMark
        ) { id in served.first { $0.id == id }.flatMap { try? Hex.decode($0.record) } }
        let listed = listing.entries.map {
            "\($0.id.hex) \($0.kind.rawValue) \(Hex.encode($0.recordHash)) \(Hex.encode($0.nameTag ?? []))"
        }
        if let names {
            let key = try FolderKey(SecretBytes(Hex.decode(folderKey)))
            for (entry, name) in zip(listing.entries, names)
            where entry.nameTag != FolderListing.nameTag(name, key: key) {
                return "the name tag of \(entry.id.hex) is not that of \"\(name)\""
            }
        }
        return VaultVectors.compare("version", listing.version, version)
            ?? VaultVectors.compare("entries", listed, entries)
    }
}

package struct ListingGenerator: VectorGenerator {
    package let fileName = "vault_listing.json"
    package static let algorithm = "coffer-vault-listing"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let folder = try NodeID(bytes: random.bytes(16))
        let other = try NodeID(bytes: random.bytes(16))
        let folderKey = random.bytes(32)
        let names = ["notes.txt", "photos", "plan.pdf", "report.odt", "z"]
        // nameTag = HMAC-SHA-256(HKDF-SHA-256(folderKey, "", "coffer/v1/vault/name-tag"), name)[0:16], computed
        // here from the Spec formula, independently of the library.
        let tagKey = try HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SecretBytes(folderKey), salt: [], info: Array("coffer/v1/vault/name-tag".utf8),
            outputByteCount: 32)
        var ids: [NodeID] = []
        for _ in names { ids.append(try NodeID(bytes: random.bytes(16))) }
        ids.sort()
        var all: [Manifest.Entry] = []
        for (index, name) in names.enumerated() {
            all.append(
                Manifest.Entry(
                    id: ids[index], kind: name == "photos" ? .folder : .file, recordHash: random.bytes(32),
                    nameTag: Array(HMAC<SHA256>.authenticationCode(for: Array(name.utf8), using: tagKey).prefix(16))))
        }
        func chunk(_ entries: ArraySlice<Manifest.Entry>, written: UInt64, in place: NodeID? = nil) -> ListingChunk {
            ListingChunk.make(
                treeOwner: owner.accountID, folder: place ?? folder, written: written, entries: Array(entries))
        }
        let first = chunk(all[0..<3], written: 4)
        let second = chunk(all[3..<5], written: 5)
        func head(_ chunks: [ListingChunk], version: UInt64, signer: IdentityKeyPair? = nil) -> ListingHead {
            ListingHead.make(
                treeOwner: owner.accountID, folder: folder, version: version, chunks: chunks,
                signer: VaultSigner(identity: signer ?? owner))
        }
        func stored(_ chunk: ListingChunk, in place: NodeID? = nil) -> ListingCase.ServedRecord {
            ListingCase.ServedRecord(
                id: VaultStorage.chunkID(place ?? folder, hash: chunk.hash).rawValue, record: Hex.encode(chunk.encoded))
        }
        func line(_ entry: Manifest.Entry) -> String {
            "\(entry.id.hex) \(entry.kind.rawValue) \(Hex.encode(entry.recordHash)) \(Hex.encode(entry.nameTag ?? []))"
        }
        func test(
            _ comment: String, _ head: ListingHead, _ chunks: [ListingChunk], mark: UInt64 = 0,
            names: [String]? = nil
        ) -> ListingCase {
            ListingCase(
                comment: comment, flags: [], record: Hex.encode(head.encoded), chunks: chunks.map { stored($0) },
                treeOwner: owner.accountID.hex, folderId: folder.hex,
                writerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                writerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), highWaterMark: mark,
                folderKey: Hex.encode(folderKey), names: names, version: head.version,
                entries: chunks.flatMap(\.entries).map(line), result: "valid")
        }
        let base = head([first, second], version: 5)
        let bytes = base.encoded
        let label = "coffer/v1/vault/listing-head"
        // Head body: treeOwner(16) folder(16) version(8) n(4) m(4), then (count(4) hash(32)) per chunk.
        let references = 4 + 1 + 16 + 16 + 8 + 4 + 4
        func resigned(_ change: (inout [UInt8]) -> Void) -> String {
            var copy = bytes
            change(&copy)
            return Hex.encode(VaultVectors.resign(copy, label: label, with: owner))
        }
        var injected = test("an unpinned chunk served beside is ignored", base, [first, second], mark: 4, names: names)
        injected.chunks.append(stored(chunk(all[1..<2], written: 5)))
        let valid = [
            test("five children in two chunks", base, [first, second], mark: 4, names: names),
            test("empty folder, version 1", head([], version: 1), []),
            test("one chunk, same version as the mark", head([first], version: 5), [first], mark: 5),
            injected,
        ]
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ change: (inout ListingCase) -> Void)
            -> ListingCase
        {
            var refused = test(comment, base, [first, second], mark: 4)
            refused.flags = [flag]
            refused.version = nil
            refused.entries = nil
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        func pinning(_ chunks: [ListingChunk], in place: NodeID? = nil) -> (inout ListingCase) -> Void {
            { refused in
                refused.record = Hex.encode(head(chunks, version: 5).encoded)
                refused.chunks = chunks.map { stored($0, in: place) }
            }
        }
        let refused = [
            invalid("head truncated", "HeadLayout", "malformedRecord") { $0.record = Hex.encode(bytes.dropLast()) },
            invalid("head format version 2", "HeadLayout", "unsupportedVersion") {
                var version2 = bytes
                version2[4] = 2
                $0.record = Hex.encode(version2)
            },
            invalid("head version 0 (re-signed)", "HeadLayout", "malformedRecord") {
                $0.record = resigned { head in
                    head.replaceSubrange((references - 16)..<(references - 8), with: [UInt8](repeating: 0, count: 8))
                }
            },
            invalid("child count not the sum of the chunks' (re-signed)", "HeadLayout", "malformedRecord") {
                $0.record = resigned { $0[references - 5] += 1 }
            },
            invalid("a chunk of 0 children (re-signed)", "HeadLayout", "malformedRecord") {
                $0.record = resigned { $0[references + 3] = 0 }
            },
            invalid("a chunk of 513 children (re-signed)", "HeadLayout", "malformedRecord") {
                $0.record = resigned { $0.replaceSubrange(references..<(references + 4), with: [0, 0, 2, 1]) }
            },
            invalid("another folder's head", "Placement", "recordMisplaced") { $0.folderId = other.hex },
            invalid("another account's tree", "Placement", "recordMisplaced") { $0.treeOwner = mallory.accountID.hex },
            invalid("signed by an account that may not write here", "Signer", "unauthorizedWriter") {
                $0.record = Hex.encode(head([first, second], version: 5, signer: mallory).encoded)
            },
            invalid("a chunk hash changed in the head", "Signature", "signatureInvalid") {
                $0.record = Hex.encode(VaultVectors.flip(bytes, references + 10))
            },
            invalid("older than the device has seen (rollback)", "Rollback", "rollbackDetected") {
                $0.highWaterMark = 6
            },
            invalid("a pinned chunk withheld", "Chunk", "childMissing") { $0.chunks.removeLast() },
            invalid("a chunk's bytes changed", "Chunk", "manifestMismatch") {
                $0.chunks[0].record = Hex.encode(VaultVectors.flip(first.encoded, first.encoded.count - 1))
            },
            invalid("an older chunk replayed under the pinned name", "Chunk", "manifestMismatch") {
                $0.chunks[1].record = Hex.encode(chunk(all[3..<4], written: 3).encoded)
            },
            invalid("the two chunks swapped under each other's names", "Chunk", "manifestMismatch") {
                let (a, b) = ($0.chunks[0].record, $0.chunks[1].record)
                $0.chunks[0].record = b
                $0.chunks[1].record = a
            },
            invalid("chunks pinned in the wrong order (re-signed)", "ChunkOrder", "malformedRecord") {
                pinning([second, first])(&$0)
            },
            invalid("a child in two chunks (re-signed)", "ChunkOrder", "malformedRecord") {
                pinning([first, chunk(all[2..<5], written: 5)])(&$0)
            },
            invalid("a chunk out of order within (re-signed)", "ChunkLayout", "malformedRecord") {
                // The first chunk with its first two entries swapped (entries start at byte 49, 65 bytes each).
                var swapped = first.encoded
                swapped.replaceSubrange(49..<114, with: first.encoded[114..<179])
                swapped.replaceSubrange(114..<179, with: first.encoded[49..<114])
                let hash = SHA256.hash(swapped)
                var head = bytes
                head.replaceSubrange((references + 4)..<(references + 36), with: hash)
                $0.record = Hex.encode(VaultVectors.resign(head, label: label, with: owner))
                $0.chunks[0] = ListingCase.ServedRecord(
                    id: VaultStorage.chunkID(folder, hash: hash).rawValue, record: Hex.encode(swapped))
            },
            invalid("a chunk of format version 2 (re-signed)", "ChunkLayout", "unsupportedVersion") {
                var version2 = second.encoded
                version2[4] = 2
                let hash = SHA256.hash(version2)
                var head = bytes
                head.replaceSubrange((references + 40)..<(references + 72), with: hash)
                $0.record = Hex.encode(VaultVectors.resign(head, label: label, with: owner))
                $0.chunks[1] = ListingCase.ServedRecord(
                    id: VaultStorage.chunkID(folder, hash: hash).rawValue, record: Hex.encode(version2))
            },
            invalid("a chunk holding another count than its head says (re-signed)", "ChunkLayout", "malformedRecord") {
                $0.record = resigned { head in
                    head[references + 3] = 2
                    head[references + 39] = 3
                }
            },
            invalid("a chunk naming another folder (re-signed)", "ChunkPlacement", "recordMisplaced") {
                let foreign = chunk(all[3..<5], written: 5, in: other)
                var head = bytes
                head.replaceSubrange((references + 40)..<(references + 72), with: foreign.hash)
                $0.record = Hex.encode(VaultVectors.resign(head, label: label, with: owner))
                $0.chunks[1] = stored(foreign)
            },
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault chunked folder listings, Spec/vault.md section 6.1: a signed head pinning, by SHA-256,",
                "chunks of 1-512 children each, children in strictly increasing id order across all chunks; each",
                "child with its name tag (section 6.2); the head refused when older than the device's mark.",
            ],
            notes: [
                "HeadLayout": "exact length, version from 1, every chunk 1-512 children, their sum the child count",
                "Placement": "the head must name the tree and folder it was read for",
                "Signer": "only the owner and members on signed member lists may write",
                "Signature": "Ed25519 over \"coffer/v1/vault/listing-head\" || 0x00 || the head before the signature",
                "Rollback": "version >= the highest version this device accepted",
                "Chunk": "every pinned chunk present under <folder>.chunk-<hex(hash[0:16])> with the pinned SHA-256",
                "ChunkOrder": "children strictly increasing across chunks: no reordering, no child twice",
                "ChunkLayout": "a chunk's layout, format version and count as its head says",
                "ChunkPlacement": "a chunk must name its head's tree and folder",
            ],
            groups: [("Listing", valid), ("Refused", refused)])
    }
}
