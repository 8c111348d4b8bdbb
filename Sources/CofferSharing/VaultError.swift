// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import Foundation

/// Every way the vault refuses what the storage side returns, or what it is asked to do (Spec/vault.md, "Errors").
/// One reason per reader rule, named as the `expect` values of the `vault_*.json` vectors. Messages quote public
/// ids only, never names, keys or content.
///
/// A client reads `code` (a small, stable set of kinds, grouped by what it can do about them) and `description`
/// (the words); the structured details stay inside the package (README, "Library API").
public struct VaultError: ReasonedError {
    /// The kinds of `VaultError` a client can tell apart, by what it can do about them.
    public enum Code: Sendable, Equatable, Hashable {
        /// The storage side returned what no writer of this vault wrote, or withheld what it must have: a record
        /// malformed, forged, swapped, moved, rolled back, too large or missing, a key wrap or content that does
        /// not authenticate. Nothing of it was used: do not trust that storage, fetch again.
        case tampered
        /// A record of a format version this implementation does not know: upgrade.
        case unsupportedVersion
        /// This account may not do this here: a reader of the folder, not (or no longer) a member, or without the
        /// folder key's epoch the record needs.
        case notPermitted
        /// A share from or to someone who is not a verified contact of this account: pin and verify them first.
        case untrustedContact
        /// A classical share in a folder shared with post-quantum keys only, refused.
        case classicalShareRefused
        /// No file, folder or share at this path.
        case notFound
        /// A file or folder of this name already exists there.
        case alreadyExists
        /// A name or path the vault does not accept.
        case invalidName
        /// The vault's state does not allow this: a file where a folder is needed (or the reverse), a folder that
        /// is not empty, an operation only the owner may do, or a record format's limit reached.
        case wrongState
        /// The account layer refused (wrong password, tampered account record…): see `accountError`.
        case account
        /// Reading or writing the storage side or the device state failed.
        case storageFailure
        /// Other writers changed the vault during the operation, on every retry; nothing was committed: try again.
        case changedConcurrently
    }

    /// The reader rule that refused, with its details.
    package let reason: Reason

    /// An error for `reason`.
    package init(_ reason: Reason) {
        self.reason = reason
    }

    /// What kind of refusal this is.
    public var code: Code {
        switch reason {
        case .malformedRecord: .tampered
        case .unsupportedVersion: .unsupportedVersion
        case .recordMisplaced: .tampered
        case .unauthorizedWriter: .tampered
        case .readerSigned: .tampered
        case .readOnly: .notPermitted
        case .signatureInvalid: .tampered
        case .manifestMismatch: .tampered
        case .childMissing: .tampered
        case .rollbackDetected: .tampered
        case .epochKeyUnavailable: .notPermitted
        case .keyUnwrapFailed: .tampered
        case .metadataAuthenticationFailed: .tampered
        case .malformedStanza: .tampered
        case .contentMismatch: .tampered
        case .contentDamaged: .tampered
        case .untrustedContact: .untrustedContact
        case .notAMember: .notPermitted
        case .classicalShareRefused: .classicalShareRefused
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .invalidName: .invalidName
        case .wrongNodeType: .wrongState
        case .limitReached: .wrongState
        case .account: .account
        case .storageFailure: .storageFailure
        case .recordTooLarge: .tampered
        case .changedConcurrently: .changedConcurrently
        }
    }

    /// The account layer's error when `code` is `.account` (a wrong password, for one), else `nil`.
    public var accountError: KeysError? {
        if case .account(let error) = reason { return error }
        return nil
    }

    /// The reason's case name, as written in the `expect` field of the vault vectors.
    package var name: String { reason.name }

    /// A storage-side error of the account layer as a vault `storageFailure`, keeping its reason once: the
    /// account layer's own `storageFailure` already says "storage failure", and saying it twice helps nobody.
    static func storage(_ error: KeysError) -> VaultError {
        if case .storageFailure(let reason) = error.reason { return .storageFailure(reason) }
        return .storageFailure(error.description)
    }

    /// A failed file operation as a `storageFailure`: "cannot write X: no space left on device (ENOSPC)".
    static func system(_ what: String, _ error: any Error) -> VaultError {
        if let vault = error as? VaultError { return vault }
        return .storageFailure("\(what): \(SystemErrorText.describe(error))")
    }
}
