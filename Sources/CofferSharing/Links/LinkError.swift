// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Every way the link layer refuses its input (Spec/links.md, "Errors"). One case per reader rule, so a mistyped
/// link, a wrong password, a missing password, an expired link and a forged record are never confused. The cases
/// map one-to-one onto the `expect` values of the `links_*.json` vectors (the case name, e.g. `checksumMismatch`).
///
/// Messages quote only public input (the lookup id, dates, parameters); never the link's secret or a password.
///
/// A client reads `code` (a small, stable set of kinds) and `description` (the words, quoting public input only);
/// the structured details stay inside the package (README, "Library API").
public struct LinkError: ReasonedError {
    /// The kinds of `LinkError` a client can tell apart.
    public enum Code: Sendable, Equatable, Hashable {
        /// The link text is cut, mistyped, edited, of an unknown version, or for another kind of target.
        case invalidLink
        /// A base URL, expiry or password that a new or opened link cannot take.
        case invalidArgument
        /// The file has no stanza for this link: it was revoked, or the server served another file.
        case revoked
        /// The link's stanza or record is malformed, forged, or does not match the content served.
        case tampered
        /// The link's expiry has passed.
        case expired
        /// The link is password-protected and no password was given.
        case passwordRequired
        /// The password is wrong (the record is authentic).
        case wrongPassword
        /// A stored KDF parameter below the floor (a downgrade) or above the cap, refused before the KDF ran.
        case kdfParametersRefused
        /// The KDF itself failed (usually: not enough memory).
        case kdfFailed
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
        case .missingSecret: .invalidLink
        case .unsupportedLinkVersion: .invalidLink
        case .checksumMismatch: .invalidLink
        case .lookupIDMismatch: .invalidLink
        case .invalidBaseURL: .invalidArgument
        case .noLinkStanza: .revoked
        case .malformedLinkStanza: .tampered
        case .unsupportedRecordVersion: .tampered
        case .badRecordSignature: .tampered
        case .linkExpired: .expired
        case .targetKindMismatch: .invalidLink
        case .targetMismatch: .tampered
        case .passwordRequired: .passwordRequired
        case .passwordNotExpected: .invalidArgument
        case .wrongPassword: .wrongPassword
        case .fileKeyUnwrapFailed: .tampered
        case .kdfParameterBelowFloor: .kdfParametersRefused
        case .kdfParameterAboveCap: .kdfParametersRefused
        case .kdfFailed: .kdfFailed
        case .invalidExpiry: .invalidArgument
        }
    }
}
