// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// How a `VaultRecordStore` refuses. Only `failure` carries words (an I/O error from the operating system).
///
/// The package's stores throw these through the factories below (`.notFound(id)`, `.versionMismatch(id)`…); the
/// vault reads `code` and maps them onto `VaultError`. Not public: a client chooses a `VaultStore` and never
/// implements the store contract (README, "Library API").
package struct VaultStoreError: ReasonedError {
    /// The kinds of `VaultStoreError`: the answers of the store protocol's operations.
    package enum Code: Sendable, Equatable, Hashable {
        /// There is no record of this id.
        case notFound
        /// `create` found a record of this id already there.
        case alreadyExists
        /// `replace` found the record changed (or gone) since the version it was given.
        case versionMismatch
        /// The record is larger than the bound the reader gave; it was not read.
        case tooLarge
        /// The store could not be reached, read or written.
        case failure
    }

    /// Why the store refused, with the record's id.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
        /// There is no record of this id.
        case notFound(RecordID)
        /// `create` found a record of this id already there.
        case alreadyExists(RecordID)
        /// `replace` found the record changed (or gone) since the version it was given.
        case versionMismatch(RecordID)
        /// The record is larger than the bound the reader gave; it was not read.
        case tooLarge(RecordID, size: UInt64, limit: Int)
        /// The store could not be reached, read or written.
        case failure(String)

        package var description: String {
            switch self {
            case .notFound(let id): "record \(id) not found"
            case .alreadyExists(let id): "record \(id) already exists"
            case .versionMismatch(let id): "record \(id) changed since it was read"
            case .tooLarge(let id, let size, let limit):
                "record \(id) has \(size) bytes, more than the \(limit) allowed"
            case .failure(let reason): reason
            }
        }
    }

    /// The refusal, with its details.
    package let reason: Reason

    /// An error for `reason`.
    package init(_ reason: Reason) {
        self.reason = reason
    }

    /// What kind of refusal this is.
    package var code: Code {
        switch reason {
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .versionMismatch: .versionMismatch
        case .tooLarge: .tooLarge
        case .failure: .failure
        }
    }

    /// There is no record `id` (from `read`, `readBytes`, `openReader`).
    package static func notFound(_ id: RecordID) -> VaultStoreError { VaultStoreError(.notFound(id)) }
    /// `create` found a record `id` already there.
    package static func alreadyExists(_ id: RecordID) -> VaultStoreError { VaultStoreError(.alreadyExists(id)) }
    /// `replace` found record `id` changed (or gone) since the version it was given.
    package static func versionMismatch(_ id: RecordID) -> VaultStoreError { VaultStoreError(.versionMismatch(id)) }
    /// Record `id` has `size` bytes, more than the `limit` the reader gave; it was not read.
    package static func tooLarge(_ id: RecordID, size: UInt64, limit: Int) -> VaultStoreError {
        VaultStoreError(.tooLarge(id, size: size, limit: limit))
    }
    /// The store could not be reached, read or written; `reason` is shown to the user (no secrets in it).
    package static func failure(_ reason: String) -> VaultStoreError { VaultStoreError(.failure(reason)) }
}
