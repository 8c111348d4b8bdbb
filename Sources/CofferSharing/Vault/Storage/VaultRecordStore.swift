// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys

/// The storage side of a vault, as the vault's writers need it (Spec/vault.md §10.1): bounded reads, create if
/// absent, replace if unchanged (compare-and-swap on an opaque version), delete, list — and no blind overwrite.
/// Each operation maps onto one HTTP request with conditional headers, so a server implements it unchanged:
///
/// | operation | HTTP |
/// |---|---|
/// | `read(_:maxSize:)` | `GET` (refused when `Content-Length` exceeds the bound); the `ETag` is the version |
/// | `readBytes(_:maxSize:)` | the same, the `ETag` not needed (immutable records) |
/// | `openReader(_:maxSize:)` | `GET`, the body streamed as it arrives (a file's payload, of any size) |
/// | `create(_:_:)` | `PUT` with `If-None-Match: *` (`412` is `alreadyExists`) |
/// | `create(_:writingWith:)` | the same `PUT`, the body streamed (chunked) as it is produced |
/// | `replace(_:_:ifVersion:)` | `PUT` with `If-Match: <etag>` (`412` is `versionMismatch`) |
/// | `remove(_:)` | `DELETE` (an absent record is not an error) |
/// | `recordIDs()` | `GET` of the collection |
///
/// Whatever a store returns is hostile: the vault checks every byte it reads (Spec/vault.md §8). What it must be
/// trusted for is only liveness: a store that ignores the conditions can make writes lose each other, never make
/// a reader accept something no writer signed.
package protocol VaultRecordStore: Sendable {
    /// The record's bytes and version; `notFound`, or `tooLarge` before more than `maxSize` bytes are read.
    func read(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> StoredRecord
    /// The bytes alone, for records that are never replaced (a store may skip computing a version).
    func readBytes(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> [UInt8]
    /// The bytes as a stream, front to back, for records too large to hold in memory (a file's body): `notFound`
    /// at once; the stream's reads throw `tooLarge` rather than return more than `maxSize` bytes in all.
    func openReader(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> ByteSource
    /// Stores a record that does not exist yet, atomically; `alreadyExists` if one does (whatever its bytes).
    func create(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError)
    /// `create` with the bytes that `write` writes into the sink it is given, never all held in memory by a store
    /// that can avoid it. Nothing is stored if `write` throws (`failure`).
    func create(_ id: RecordID, writingWith write: (ByteSink) throws -> Void) throws(VaultStoreError)
    /// Replaces the record atomically if its version is still `version`; `versionMismatch` if it changed or is
    /// gone. A reader sees the old bytes or the new, never a mix.
    func replace(_ id: RecordID, _ bytes: [UInt8], ifVersion version: RecordVersion) throws(VaultStoreError)
    /// Removes the record; an absent record is not an error.
    func remove(_ id: RecordID) throws(VaultStoreError)
    /// Every record id, sorted.
    func recordIDs() throws(VaultStoreError) -> [RecordID]
}

extension VaultRecordStore {
    package func readBytes(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> [UInt8] {
        try read(id, maxSize: maxSize).bytes
    }
}

/// An opaque version of one record's state (an HTTP strong `ETag`): equal only if the record did not change, as
/// far as the store can tell. Writers never interpret it; they hand it back to `replace`.
package struct RecordVersion: Sendable, Hashable, CustomStringConvertible {
    package let token: String

    /// The version a store reads from its backend (an `ETag`, a hash).
    package init(_ token: String) { self.token = token }

    package var description: String { token }
}

/// One record as read: its bytes and the version to pass to `replace`.
package struct StoredRecord: Sendable {
    /// The record's bytes, as the store returned them (unverified).
    package let bytes: [UInt8]
    /// The version to hand back to `replace`.
    package let version: RecordVersion

    /// A record as a store read it.
    package init(bytes: [UInt8], version: RecordVersion) {
        self.bytes = bytes
        self.version = version
    }
}
