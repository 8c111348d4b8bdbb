// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Every way the account layer refuses its input. One case per reader rule, so a wrong password, a tampered
/// record, a downgrade and a mistyped recovery key are never confused; the cases map one-to-one onto the
/// `expect` values of the `keys_*.json` vectors (the name of the case, e.g. `"wrongPassword"`).
///
/// A client reads `code` (a small, stable set of kinds) and `description` (the words, quoting public input only);
/// the structured details stay inside the package (README, "Library API").
public struct KeysError: ReasonedError {
    /// The kinds of `KeysError` a client can tell apart: what it does differs for each (ask for the password or
    /// the recovery key again, have the user compare a fingerprint, refuse what the storage side served, …). The
    /// rule that refused is in `description`.
    public enum Code: Sendable, Equatable, Hashable {
        /// A key or record id handed to the layer that has the wrong length or form.
        case invalidArgument
        /// A KDF parameter below the floor (a downgrade) or above the cap, refused before the KDF ran; or the KDF
        /// itself failed (usually: not enough memory).
        case kdfFailed
        /// A record or bundle that cannot be trusted: not canonical, of a format version this implementation does
        /// not know, or edited, swapped, forged, stripped or rolled back by the storage side.
        case tampered
        /// The password is wrong (the record itself is authentic).
        case wrongPassword
        /// The recovery key does not open this account: not a recovery key, mistyped (its checksum fails), or
        /// well formed but another account's.
        case wrongRecoveryKey
        /// A key that differs from the pinned one, or from the fingerprint the user compared.
        case untrustedKey
        /// No record, contact or account under this id.
        case notFound
        /// Reading or writing the store or the device state failed.
        case storageFailure
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
        case .unsupportedVersion: .tampered
        case .invalidKeyLength: .invalidArgument
        case .kdfParameterBelowFloor: .kdfFailed
        case .kdfParameterAboveCap: .kdfFailed
        case .kdfFailed: .kdfFailed
        case .recordTampered: .tampered
        case .wrongPassword: .wrongPassword
        case .wrongRecoveryKey: .wrongRecoveryKey
        case .recoveryKeyMistyped: .wrongRecoveryKey
        case .recoveryKeyMalformed: .wrongRecoveryKey
        case .invalidBundleSignature: .tampered
        case .accountIDMismatch: .tampered
        case .identityKeyMismatch: .tampered
        case .postQuantumKeyMissing: .tampered
        case .pinnedKeyChanged: .untrustedKey
        case .fingerprintMismatch: .untrustedKey
        case .rollbackDetected: .tampered
        case .notFound: .notFound
        case .invalidRecordID: .invalidArgument
        case .storageFailure: .storageFailure
        }
    }
}
