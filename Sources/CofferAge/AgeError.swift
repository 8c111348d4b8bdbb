// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The outcome classes of the age test suite (C2SP CCTV `expect:` values). Every `AgeError` maps to exactly one.
package enum AgeOutcome: String, Sendable, CaseIterable {
    case success = "success"
    case noMatch = "no match"
    case hmacFailure = "HMAC failure"
    case headerFailure = "header failure"
    case payloadFailure = "payload failure"
    case armorFailure = "armor failure"
}

/// Every way reading an age v1 file can fail. One case per reader rule, each mapping to one `AgeOutcome`
/// (see `outcome`), so the CCTV runner is an exhaustive switch with no exception list.
///
/// Messages quote public input only; they never contain key material or plaintext.
///
/// A client reads `code` (a small, stable set of kinds) and `description` (the words, quoting public input only);
/// the structured details stay inside the package (README, "Library API").
public struct AgeError: ReasonedError {
    /// The kinds of `AgeError` a client can tell apart.
    public enum Code: Sendable, Equatable, Hashable {
        /// The header breaks the age grammar or a reader rule (age's "header failure").
        case headerFailure
        /// No identity or passphrase opened any stanza (age's "no match").
        case noMatch
        /// The header MAC does not verify: the header was altered (age's "HMAC failure").
        case hmacFailure
        /// The payload was modified, reordered, cut or extended (age's "payload failure").
        case payloadFailure
        /// The ASCII armor breaks age's strict rules (age's "armor failure").
        case armorFailure
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
        case .unsupportedVersion: .headerFailure
        case .malformedHeader: .headerFailure
        case .headerTooLarge: .headerFailure
        case .invalidStanza: .headerFailure
        case .lowOrderShare: .headerFailure
        case .workFactorTooLarge: .headerFailure
        case .scryptNotAlone: .headerFailure
        case .missingNonce: .headerFailure
        case .noIdentityMatched: .noMatch
        case .headerMACMismatch: .hmacFailure
        case .truncated: .payloadFailure
        case .trailingData: .payloadFailure
        case .emptyFinalChunk: .payloadFailure
        case .chunkAuthenticationFailed: .payloadFailure
        case .invalidArmor: .armorFailure
        }
    }

    /// The outcome class of the age test suite this error belongs to.
    package var outcome: AgeOutcome { reason.outcome }

    /// The reason's case name, as the vectors' `expect` values spell it.
    package var name: String { reason.name }
}

/// Mistakes by the caller rather than by the file: bad key strings, impossible parameters, bad ranges.
///
/// A client reads `code` (a small, stable set of kinds) and `description` (the words, quoting public input only);
/// the structured details stay inside the package (README, "Library API").
public struct AgeUsageError: ReasonedError {
    /// The kinds of `AgeUsageError` a client can tell apart: a key to ask for again, a call to change, an input to
    /// encrypt again. The rule that refused is in `description`.
    public enum Code: Sendable, Equatable, Hashable {
        /// A recipient, identity, identity file or key of the wrong form or length.
        case invalidKey
        /// A call the operation cannot take: no recipients, or recipients that cannot be used together; a work
        /// factor, a range, random access to armor.
        case invalidArgument
        /// The input grew or shrank while it was being encrypted; the output is incomplete.
        case inputChanged
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
        case .invalidKeyLength: .invalidKey
        case .invalidRecipient: .invalidKey
        case .invalidIdentity: .invalidKey
        case .invalidIdentityFile: .invalidKey
        case .noRecipients: .invalidArgument
        case .scryptNotAlone: .invalidArgument
        case .postQuantumMixed: .invalidArgument
        case .invalidWorkFactor: .invalidArgument
        case .rangeOutOfBounds: .invalidArgument
        case .armoredNotSeekable: .invalidArgument
        case .inputChangedWhileReading: .inputChanged
        }
    }
}
