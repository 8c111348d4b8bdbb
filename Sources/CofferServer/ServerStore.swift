// SPDX-License-Identifier: MIT
import NIOCore

/// The server's state behind the HTTP routes (Spec/server.md §4): a vault's records with create-if-absent and
/// compare-and-swap, and the metadata of uploaded links (creating a link, with its bytes, is a `LinkFileStore`'s
/// commit). Every operation is one atomic statement, so several server processes on one database cannot slip
/// between a comparison and a write.
protocol ServerStore: Sendable {
    /// The record's bytes and version, or nil.
    func readRecord(vault: String, id: String) async throws -> StoredServerRecord?
    /// Stores the record if absent; false if one exists (whatever its bytes).
    func createRecord(vault: String, id: String, _ record: StoredServerRecord) async throws -> Bool
    /// Replaces the record if its version is still `version`; false if it changed or is gone.
    func replaceRecord(vault: String, id: String, _ record: StoredServerRecord, ifVersion version: String)
        async throws -> Bool
    /// Stores the record whether or not it exists (account records, Spec/vault.md §10.1).
    func putRecord(vault: String, id: String, _ record: StoredServerRecord) async throws
    /// Removes the record; an absent record is not an error.
    func deleteRecord(vault: String, id: String) async throws
    /// Every record id of the vault, sorted.
    func recordIDs(vault: String) async throws -> [String]

    /// The link's metadata, or nil.
    func link(_ lookupID: String) async throws -> LinkMetadata?
    /// Counts one open if the download limit allows it (atomically); false if the limit was reached.
    func countOpen(_ lookupID: String, at now: Int64) async throws -> Bool
}

/// One record as the server holds it: opaque bytes and their version (`hex(SHA-256(bytes))`, the `ETag`).
struct StoredServerRecord: Sendable {
    let bytes: ByteBuffer
    let version: String
}

/// What the server knows of an uploaded link (Spec/server.md §5): never its secret, only the lookup id from the
/// path, the file's size and entity tag, and the expiry and download limit the uploader declared.
struct LinkMetadata: Sendable, Equatable {
    let lookupID: String
    let size: Int64
    let etag: String
    /// Unix seconds after which the link is gone (`410`); nil for none.
    let expires: Int64?
    /// Opens allowed; nil for no limit.
    let downloadLimit: Int64?
    var downloads: Int64 = 0
    /// Unix seconds of the last counted open (a resume of the last allowed open is served for a while after it).
    var lastOpen: Int64?
}
