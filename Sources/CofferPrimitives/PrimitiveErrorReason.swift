// SPDX-License-Identifier: MIT

extension PrimitiveError {
    /// The reason of a `PrimitiveError`, one case per reader rule: the structured details the CLI and the vector
    /// runners read. Not public: a client reads `code` and `description`.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
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

        package var description: String {
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
}

/// One factory per reason, so that `throw PrimitiveError.case(…)` reads as before.
extension PrimitiveError {
    package static func invalidLength(what: String, expected: String, actual: Int) -> PrimitiveError {
        PrimitiveError(.invalidLength(what: what, expected: expected, actual: actual))
    }
    package static let authenticationFailed = PrimitiveError(.authenticationFailed)
    package static let x25519LowOrderPoint = PrimitiveError(.x25519LowOrderPoint)
    package static let invalidPublicKey = PrimitiveError(.invalidPublicKey)
    package static func hkdfOutputTooLong(requested: Int, maximum: Int) -> PrimitiveError {
        PrimitiveError(.hkdfOutputTooLong(requested: requested, maximum: maximum))
    }
    package static func kdfParameterTooSmall(_ a0: KDFParameter, value: UInt64, minimum: UInt64) -> PrimitiveError {
        PrimitiveError(.kdfParameterTooSmall(a0, value: value, minimum: minimum))
    }
    package static func kdfParameterTooLarge(_ a0: KDFParameter, value: UInt64, maximum: UInt64) -> PrimitiveError {
        PrimitiveError(.kdfParameterTooLarge(a0, value: value, maximum: maximum))
    }
    package static func kdfParametersRejected(_ a0: String) -> PrimitiveError {
        PrimitiveError(.kdfParametersRejected(a0))
    }
    package static func kdfFailed(_ a0: String) -> PrimitiveError {
        PrimitiveError(.kdfFailed(a0))
    }
    package static func invalidBase64(_ a0: String) -> PrimitiveError {
        PrimitiveError(.invalidBase64(a0))
    }
    package static func invalidBech32(_ a0: Bech32Failure) -> PrimitiveError {
        PrimitiveError(.invalidBech32(a0))
    }
    package static func invalidSubkeyContext(_ a0: String) -> PrimitiveError {
        PrimitiveError(.invalidSubkeyContext(a0))
    }
}
