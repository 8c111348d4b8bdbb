// SPDX-License-Identifier: MIT

/// What every error type of the library shares (`PrimitiveError`, `AgeError`, `AgeUsageError`, `KeysError`,
/// `LinkError`, `VaultError`, `VaultStoreError`): a public `code`, a small enum a client switches on, and a package
/// `reason`, one case per reader rule (named as the vectors' `expect` values), whose words are the error's
/// `description`. Not public: a client sees each error's `code` and `description`, never this protocol.
package protocol ReasonedError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The reader rule that refused, with its details; its `description` is the message.
    associatedtype Reason: Equatable, Sendable, CustomStringConvertible
    /// The kinds of refusal a client can tell apart.
    associatedtype Code: Sendable, Hashable

    /// The reader rule that refused.
    var reason: Reason { get }
    /// What kind of refusal this is.
    var code: Code { get }
    /// An error for `reason`.
    init(_ reason: Reason)
}

extension ReasonedError {
    /// The message: what was refused and why, quoting public input only.
    public var description: String { reason.description }

}
