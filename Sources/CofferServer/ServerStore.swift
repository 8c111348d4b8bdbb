// SPDX-License-Identifier: MIT
import NIOCore

/// The server's state behind the HTTP routes (Spec/server.md §4, §6): a vault's records with create-if-absent and
/// compare-and-swap, the metadata of uploaded links (creating a link, with its bytes, is a `LinkFileStore`'s
/// commit), the nonces of signed requests, who may write which records, and what each account stores. Every
/// check-and-write is one atomic statement, so several server processes on one database cannot slip between a
/// comparison and a write.
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
    /// Removes a link's metadata (a revoke); false if there was none. From then on the link is `404`; its bytes go
    /// in the same statement (PostgreSQL) or just after (`LinkFileStore.removeFile`), never served without a row.
    func deleteLink(_ lookupID: String) async throws -> Bool

    // MARK: Signed requests (Spec/server.md §6.1)

    /// Records a signed request's nonce (its `Coffer-Time` beside it) if it was never seen; false for a replay.
    /// Nonces whose time is before `forgetBefore` may be forgotten: a request that old is refused by its time.
    func useNonce(_ nonce: String, time: Int64, forgetBefore: Int64) async throws -> Bool

    // MARK: Authorisation (Spec/server.md §6.2)

    /// Who may write the records `{prefix}.*` of `vault`: `.unbound` if nobody wrote one yet.
    func prefixAccess(vault: String, prefix: String, account: String) async throws -> PrefixAccess
    /// Binds `prefix` to `creator` if unbound (atomically; a concurrent binder wins or loses whole). A `root`
    /// prefix (the creator's own root folder) has no co-owners; any other also gets, as co-owners, the owners
    /// whose trees `creator` is an active member of, so they keep their rights over it after removing them.
    func bindPrefix(vault: String, prefix: String, creator: String, root: Bool) async throws
    /// Records one side of a membership: the owner's grant or the member's acceptance.
    func setMember(vault: String, owner: String, member: String, folder: String, side: MemberSide) async throws
    /// Ends a membership (both sides).
    func removeMember(vault: String, owner: String, member: String, folder: String) async throws

    // MARK: Quotas (Spec/server.md §6.3)

    /// Bytes charged to `account`: the records under the prefixes it created, and the links it uploaded.
    func usage(account: String) async throws -> Int64
}

/// The answer of `prefixAccess`.
enum PrefixAccess: Sendable, Equatable {
    /// No record under this prefix was written yet (the first signed writer binds it).
    case unbound
    /// The account is an owner of the prefix, or an active member of an owner's tree.
    case allowed
    case refused
}

/// Which side of a membership a signed `PUT …/members/…` records.
enum MemberSide: Sendable {
    /// The tree's owner grants (sharing a folder).
    case owner
    /// The member accepts (accepting the share).
    case member
}

/// One record as the server holds it: opaque bytes and their version (`hex(SHA-256(bytes))`, the `ETag`). A body
/// streamed to storage (`RecordBlobStore`) has no bytes here but the blob that holds them.
struct StoredServerRecord: Sendable {
    let bytes: ByteBuffer
    let version: String
    var blob: RecordBlob? = nil
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
    var lastOpen: Int64? = nil
    /// The uploader's account id (hex): the only account that may revoke the link; nil for links stored before.
    var owner: String? = nil
    /// `hex(SHA-256(token))` declared at upload (Spec/links.md §9.2); nil: no token revokes the link.
    var revocationHash: String? = nil
}
