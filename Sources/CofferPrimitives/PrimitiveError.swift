// SPDX-License-Identifier: MIT

/// Every way a primitive can refuse its input. One case per distinct reader rule, so that vector
/// runners and callers can tell a wrong length from a failed authentication from a weak parameter.
///
/// A client reads `code` (a small, stable set of kinds) and `description` (the words, quoting public input only);
/// the structured details stay inside the package (README, "Library API").
public struct PrimitiveError: ReasonedError {
    /// The kinds of `PrimitiveError` a client can tell apart: what it does differs for each (fix the input, treat
    /// the data as altered, lower the KDF's cost or free memory). The rule that refused is in `description`.
    public enum Code: Sendable, Equatable, Hashable {
        /// An input of the wrong length or form: a key, nonce, tag, salt, subkey context or HKDF length; Base64 or
        /// Bech32 text that is not canonical or does not decode; a public key that is not a usable point.
        case invalidInput
        /// An AEAD tag did not verify: the data, nonce, key or associated data is not the one sealed.
        case authenticationFailed
        /// A KDF parameter outside the accepted bounds (refused before the KDF ran), or the KDF itself failed
        /// (usually: not enough memory).
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
        case .invalidLength: .invalidInput
        case .authenticationFailed: .authenticationFailed
        case .x25519LowOrderPoint: .invalidInput
        case .invalidPublicKey: .invalidInput
        case .hkdfOutputTooLong: .invalidInput
        case .kdfParameterTooSmall: .kdfFailed
        case .kdfParameterTooLarge: .kdfFailed
        case .kdfParametersRejected: .kdfFailed
        case .kdfFailed: .kdfFailed
        case .invalidBase64: .invalidInput
        case .invalidBech32: .invalidInput
        case .invalidSubkeyContext: .invalidInput
        }
    }
}

/// Why a Bech32 string was refused (BIP 173 rules, without the 90-character limit).
package enum Bech32Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The string mixes upper and lower case.
    case mixedCase
    /// The string has no `1` separator.
    case missingSeparator
    /// Nothing precedes the separator.
    case emptyHumanReadablePart
    /// The human-readable part holds a character outside 33…126.
    case invalidHumanReadableCharacter(UInt8)
    /// The data part holds a character outside the Bech32 alphabet.
    case invalidDataCharacter(Character)
    /// The data part is shorter than the 6-character checksum.
    case tooShortChecksum
    /// The checksum does not match (a cut or mistyped string).
    case checksumMismatch
    /// The padding bits are not zero.
    case nonZeroPadding
    /// More than 4 bits of padding.
    case excessPadding
    /// The prefix is another than the one expected (for example a secret key where a public key belongs).
    case wrongHumanReadablePart(expected: String, actual: String)

    package var description: String {
        switch self {
        case .mixedCase: "mixes upper and lower case"
        case .missingSeparator: "has no '1' separator"
        case .emptyHumanReadablePart: "has an empty human-readable part"
        case let .invalidHumanReadableCharacter(byte): "human-readable part has character code \(byte)"
        case let .invalidDataCharacter(character): "data part has invalid character '\(character)'"
        case .tooShortChecksum: "data part is shorter than the 6-character checksum"
        case .checksumMismatch: "checksum mismatch: the string was probably cut or mistyped"
        case .nonZeroPadding: "padding bits are not zero"
        case .excessPadding: "has more than 4 bits of padding"
        case let .wrongHumanReadablePart(expected, actual): "prefix is \"\(actual)\", expected \"\(expected)\""
        }
    }
}

/// The KDF inputs that have bounds; each bound violation names one of these.
package enum KDFParameter: String, Sendable, Equatable, CaseIterable {
    /// Argon2 passes over memory (t).
    case iterations = "iterations (t)"
    /// Argon2 memory in KiB (m).
    case memoryKiB = "memory in KiB (m)"
    /// Argon2 lanes (p).
    case parallelism = "parallelism (p)"
    /// The salt's length in bytes.
    case saltLength = "salt length"
    /// The length of the KDF's secret (key) input in bytes.
    case secretLength = "secret length"
    /// The length of the KDF's associated data in bytes.
    case associatedDataLength = "associated data length"
    /// The derived key's length in bytes.
    case outputLength = "output length"
    /// The password's length in bytes.
    case passwordLength = "password length"
    /// The scrypt work factor, log2 N.
    case scryptLogN = "scrypt work factor (log2 N)"
    /// The scrypt block size (r).
    case scryptBlockSize = "scrypt block size (r)"
    /// The scrypt parallelism (p).
    case scryptParallelism = "scrypt parallelism (p)"
}
