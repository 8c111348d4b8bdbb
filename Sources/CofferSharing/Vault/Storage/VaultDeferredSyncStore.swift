// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys

/// A store that can create records whose names become durable later, together (Spec/vault.md §10.1): the local
/// directory, where every `create` otherwise ends with a directory `fsync` of its own. The vault creates its
/// immutable records this way and calls `syncCreated()` before every write of a commit point, so a commit point
/// never becomes durable before a record it names (§10.8).
///
/// A store that cannot defer (an HTTP server answers a `PUT` once it is stored) does not conform; the vault then
/// uses `create` and skips the sync.
package protocol VaultDeferredSyncStore: VaultRecordStore {
    /// `create`, except that the record's name need not survive a power loss until `syncCreated()` returns. Its
    /// bytes are durable before the name appears, so the name never shows incomplete bytes, crash or not.
    func createDeferringSync(_ id: RecordID, _ bytes: [UInt8]) throws(VaultStoreError)
    /// The streamed form of `createDeferringSync(_:_:)`.
    func createDeferringSync(_ id: RecordID, writingWith write: (ByteSink) throws -> Void) throws(VaultStoreError)
    /// Makes every record created so far durable, by this process or any other.
    func syncCreated() throws(VaultStoreError)
}
