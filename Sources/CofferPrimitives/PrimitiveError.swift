// SPDX-License-Identifier: MIT

/// Every way a primitive can refuse its input. One case per distinct reader rule, so that vector
/// runners and callers can tell a wrong length from a failed authentication from a weak parameter.
public enum PrimitiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key, nonce, tag, salt or other fixed-size input had the wrong length.
    case invalidLength(what: String, expected: String, actual: Int)
    /// An AEAD tag did not verify: the ciphertext, nonce, key or associated data is not the one sealed.
    case authenticationFailed
    /// X25519 produced the all-zero shared secret: the peer's public key is a low-order point.
    case x25519LowOrderPoint
    /// An Ed25519 public key was refused by libsodium (not a canonical, usable point).
    case invalidPublicKey
    /// HKDF-Expand was asked for more than 255 × hash length bytes.
    case hkdfOutputTooLong(requested: Int, maximum: Int)
    /// A KDF parameter was below the accepted lower bound.
    case kdfParameterTooSmall(KDFParameter, value: UInt64, minimum: UInt64)
    /// A KDF parameter was above the accepted upper bound (a cap against denial of service).
    case kdfParameterTooLarge(KDFParameter, value: UInt64, maximum: UInt64)
    /// A KDF parameter combination was rejected by the library (for example Argon2 memory below 8 × lanes).
    case kdfParametersRejected(String)
    /// The KDF ran out of memory or otherwise failed while computing.
    case kdfFailed(String)
    /// Base64 input was not the canonical unpadded encoding.
    case invalidBase64(String)
    /// Bech32 input was malformed.
    case invalidBech32(Bech32Failure)
    /// The subkey context for `crypto_kdf` was not exactly 8 bytes.
    case invalidSubkeyContext(String)

    public var description: String {
        switch self {
        case let .invalidLength(what, expected, actual):
            "\(what) has \(actual) bytes, expected \(expected)"
        case .authenticationFailed:
            "authentication failed: the data was modified, or the key or associated data is wrong"
        case .x25519LowOrderPoint:
            "X25519 public key is a low-order point (all-zero shared secret); the key is malicious or corrupted"
        case .invalidPublicKey:
            "public key is not a valid curve point"
        case let .hkdfOutputTooLong(requested, maximum):
            "HKDF output of \(requested) bytes requested, at most \(maximum) allowed"
        case let .kdfParameterTooSmall(parameter, value, minimum):
            "KDF \(parameter.rawValue) \(value) is below the minimum \(minimum)"
        case let .kdfParameterTooLarge(parameter, value, maximum):
            "KDF \(parameter.rawValue) \(value) is above the maximum \(maximum)"
        case let .kdfParametersRejected(reason):
            "KDF parameters rejected: \(reason)"
        case let .kdfFailed(reason):
            "KDF failed: \(reason)"
        case let .invalidBase64(reason):
            "invalid base64: \(reason)"
        case let .invalidBech32(failure):
            "invalid Bech32: \(failure)"
        case let .invalidSubkeyContext(context):
            "subkey context \"\(context)\" must be exactly 8 bytes"
        }
    }
}

/// Why a Bech32 string was refused (BIP 173 rules, without the 90-character limit).
public enum Bech32Failure: Error, Equatable, Sendable, CustomStringConvertible {
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

    public var description: String {
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
public enum KDFParameter: String, Sendable, Equatable, CaseIterable {
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
