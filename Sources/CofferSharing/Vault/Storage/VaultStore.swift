// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// Where a vault keeps its records, as a client chooses it: `directory(_:)` today. A client chooses a store and does
/// not implement one (README, "Library API"): the store contract (`VaultRecordStore`: bounded reads, create if
/// absent, compare-and-swap, Spec/vault.md §10.1) stays inside the package with the stores that keep it, the local
/// directory and the `coffer serve` client, so a new store is added here, next to the tests that hold it to that
/// contract. Whatever a store returns is checked by the vault as hostile either way.
public struct VaultStore: Sendable {
    package let records: any VaultRecordStore

    /// A store for `records`: one of the package's own stores (a directory, a `coffer serve` server, a test's).
    package init(_ records: any VaultRecordStore) {
        self.records = records
    }

    /// The records as files in `directory` (created if missing), each written to a temporary file, synced and
    /// renamed into place, so a reader sees a whole record or none. The directory may be a synced or shared folder
    /// the client does not trust: it holds only ciphertext and public ids.
    public static func directory(_ directory: URL) throws(VaultError) -> VaultStore {
        do {
            return VaultStore(try VaultDirectoryStore(directory: directory))
        } catch {
            throw .storage(error)
        }
    }
}
