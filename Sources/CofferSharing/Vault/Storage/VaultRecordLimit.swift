// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// The largest record of each kind a reader accepts (Spec/vault.md §10.5), each the largest the kind's layout
/// allows; a larger record is `recordTooLarge` before a byte of it is read, so a hostile store cannot make a
/// reader allocate more than the layout ever needs.
enum VaultRecordLimit {
    /// magic, version byte, signer and signature.
    static let envelope = 5 + SignedRecord.trailerByteCount

    /// Node record: 16 + 16 + 16 + 1 + 8 + 4 + 32 + 4 fixed bytes and at most 1280 sealed (1,462 bytes).
    static let node = envelope + 97 + NodeRecord.maximumSealedByteCount

    /// Keyring: 16 + 16 + 16 + 4 fixed bytes and at most 2¹⁶ entries of 4 + 72 + 72 bytes (9,699,465 bytes).
    static let keyring = envelope + 52 + Int(FolderKeyring.maximumEpochs) * (4 + 2 * FolderKeyring.wrapByteCount)

    /// `<folder>.list`: a single-record listing, 16 + 16 + 8 + 4 fixed bytes and at most 2²⁰ entries of 49 bytes
    /// (51,380,353 bytes), still read (§6.3); a listing head is far smaller (`listingHead`) but is read under the
    /// same name, hence the same bound.
    static let listing = envelope + 44 + Int(Manifest.maximumChildren) * Manifest.entryByteCount

    /// Listing head: 16 + 16 + 8 + 4 + 4 fixed bytes and at most 8192 chunk references of 36 bytes (295,045 bytes).
    static let listingHead = envelope + 48 + ListingHead.maximumChunks * ListingHead.chunkReferenceByteCount

    /// Listing chunk: magic, version, 16 + 16 + 8 + 4 fixed bytes and at most 512 entries of 65 bytes (33,329 bytes).
    static let chunk = ListingChunk.headerByteCount + ListingChunk.maximumEntries * ListingChunk.entryByteCount

    /// Member list: 16 + 16 + 8 + 4 + 4 fixed bytes and at most 4096 bundles of at most 1,365 bytes (a bundle with a
    /// post-quantum key; 5,591,173 bytes).
    static let members = envelope + 48 + Int(MemberList.maximumMembers) * IdentityBundle.postQuantumByteCount

    /// Share record: 16 + 16 + 16 + 4 fixed bytes, the 1,120-byte encapsulated key of a post-quantum share (32 for
    /// X25519), 4 and at most 1024 sealed (2,285 bytes).
    static let share = envelope + 56 + MLKEM768X25519.encapsulatedKeyByteCount + ShareRecord.maximumSealedByteCount

    /// Any other record the vault reads (a folder link record, an identity bundle beside it): 64 KiB.
    static let other = 64 * 1024

    /// A file's age header: one `coffer.dev/v1/folder-key` stanza is about 200 bytes; 4 KiB leaves room and no more.
    static let head = 4096

    /// A file's payload for `size` plaintext bytes: the 16-byte nonce and ⌈size / 64 KiB⌉ chunks (at least one),
    /// each with a 16-byte tag. `size` comes from the authenticated metadata; nil if it cannot be stored at all.
    static func body(plaintextSize size: UInt64) -> Int? {
        let chunk = UInt64(PayloadChunk.plaintextByteCount)
        let chunks = max(1, size / chunk + (size % chunk == 0 ? 0 : 1))
        let (tags, overflow1) = chunks.multipliedReportingOverflow(by: UInt64(PayloadChunk.tagByteCount))
        let (total, overflow2) = size.addingReportingOverflow(16 + tags)
        guard !overflow1, !overflow2, total <= UInt64(Int.max) else { return nil }
        return Int(total)
    }
}
