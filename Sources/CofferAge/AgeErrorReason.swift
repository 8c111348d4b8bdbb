// SPDX-License-Identifier: MIT

extension AgeError {
    /// The reason of a `AgeError`, one case per reader rule: the structured details the CLI and the vector runners
    /// read. Not public: a client reads `code` and `description`.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
        // MARK: header failure
        /// The first line is `age-encryption.org/…` but not `v1`.
        case unsupportedVersion(String)
        /// The header breaks the grammar: first line, stanza line, body line, MAC line, CRLF, non-canonical base64.
        case malformedHeader(String)
        /// The header is longer than `HeaderParser.maximumHeaderByteCount` (a cap against memory exhaustion).
        case headerTooLarge(maximum: Int)
        /// A stanza of a type an identity understands is malformed (wrong argument count, bad share or salt length,
        /// non-canonical base64, wrapped key not 16 bytes).
        case invalidStanza(type: String, reason: String)
        /// An X25519 share (of an `X25519` stanza, or the X25519 half of an `mlkem768x25519` enc) is a low-order
        /// point: the shared secret would be all zero, which age forbids.
        case lowOrderShare
        /// An scrypt stanza asks for a work factor above the cap; refused before running scrypt.
        case workFactorTooLarge(logN: Int, maximum: Int)
        /// An scrypt stanza appears together with other stanzas, which would let a passphrase file be re-wrapped.
        case scryptNotAlone
        /// The 16-byte payload nonce after the header is missing or short.
        case missingNonce

        // MARK: no match
        /// The header is well formed but no identity or passphrase unwrapped any stanza.
        case noIdentityMatched(stanzaTypes: [String])

        // MARK: HMAC failure
        /// A file key was unwrapped but the header MAC does not verify: the header was altered after encryption.
        case headerMACMismatch

        // MARK: payload failure
        /// The payload ended without a final chunk (truncated at a chunk boundary, or no chunk at all).
        case truncated(chunksRead: UInt64)
        /// Data follows the final chunk.
        case trailingData
        /// The final chunk is empty although it is not the only chunk (only an empty file has an empty chunk).
        case emptyFinalChunk(chunk: UInt64)
        /// A chunk failed ChaCha20-Poly1305 authentication. The counter in the nonce binds each chunk to its position
        /// and the last-chunk flag to the end, so a modified, swapped, dropped, duplicated or cut chunk all land here.
        case chunkAuthenticationFailed(chunk: UInt64)

        // MARK: armor failure
        /// The ASCII armor breaks the strict PEM rules of age (see `ArmorDecoder`).
        case invalidArmor(String)

        /// The CCTV outcome class of this error. Exhaustive on purpose: a new case must choose its class.
        package var outcome: AgeOutcome {
            switch self {
            case .unsupportedVersion, .malformedHeader, .headerTooLarge, .invalidStanza, .lowOrderShare,
                .workFactorTooLarge, .scryptNotAlone, .missingNonce:
                .headerFailure
            case .noIdentityMatched: .noMatch
            case .headerMACMismatch: .hmacFailure
            case .truncated, .trailingData, .emptyFinalChunk, .chunkAuthenticationFailed: .payloadFailure
            case .invalidArmor: .armorFailure
            }
        }

        /// The case name, as written in the `expect` field of Coffer's vector files (e.g. `chunkAuthenticationFailed`).
        package var name: String {
            switch self {
            case .unsupportedVersion: "unsupportedVersion"
            case .malformedHeader: "malformedHeader"
            case .headerTooLarge: "headerTooLarge"
            case .invalidStanza: "invalidStanza"
            case .lowOrderShare: "lowOrderShare"
            case .workFactorTooLarge: "workFactorTooLarge"
            case .scryptNotAlone: "scryptNotAlone"
            case .missingNonce: "missingNonce"
            case .noIdentityMatched: "noIdentityMatched"
            case .headerMACMismatch: "headerMACMismatch"
            case .truncated: "truncated"
            case .trailingData: "trailingData"
            case .emptyFinalChunk: "emptyFinalChunk"
            case .chunkAuthenticationFailed: "chunkAuthenticationFailed"
            case .invalidArmor: "invalidArmor"
            }
        }

        package var description: String {
            switch self {
            case let .unsupportedVersion(line):
                "unsupported age format version \"\(line)\"; only age-encryption.org/v1 is known"
            case let .malformedHeader(reason): "malformed age header: \(reason)"
            case let .headerTooLarge(maximum): "age header is larger than \(maximum) bytes; refusing to read it"
            case let .invalidStanza(type, reason): "invalid \(type) stanza: \(reason)"
            case .lowOrderShare:
                "a stanza's X25519 share is a low-order point (all-zero shared secret); the file is malicious or corrupted"
            case let .workFactorTooLarge(logN, maximum):
                "scrypt work factor 2^\(logN) is above the limit 2^\(maximum); refusing to run it"
            case .scryptNotAlone: "an scrypt stanza must be the only stanza in the header"
            case .missingNonce: "the file ends before the 16-byte payload nonce"
            case let .noIdentityMatched(types):
                "no identity matched any of the file's recipients (stanza types: \(types.joined(separator: ", ")))"
            case .headerMACMismatch: "header MAC mismatch: the header was modified after encryption"
            case let .truncated(chunks): "the file is truncated: no final chunk after \(chunks) chunk(s)"
            case .trailingData: "unexpected data after the final chunk"
            case let .emptyFinalChunk(chunk): "chunk \(chunk) is an empty final chunk, only allowed as the sole chunk"
            case let .chunkAuthenticationFailed(chunk):
                "chunk \(chunk) failed authentication: the file was modified, reordered or cut"
            case let .invalidArmor(reason): "invalid armor: \(reason)"
            }
        }
    }
}

/// One factory per reason, so that `throw AgeError.case(…)` reads as before.
extension AgeError {
    package static func unsupportedVersion(_ a0: String) -> AgeError {
        AgeError(.unsupportedVersion(a0))
    }
    package static func malformedHeader(_ a0: String) -> AgeError {
        AgeError(.malformedHeader(a0))
    }
    package static func headerTooLarge(maximum: Int) -> AgeError {
        AgeError(.headerTooLarge(maximum: maximum))
    }
    package static func invalidStanza(type: String, reason: String) -> AgeError {
        AgeError(.invalidStanza(type: type, reason: reason))
    }
    package static let lowOrderShare = AgeError(.lowOrderShare)
    package static func workFactorTooLarge(logN: Int, maximum: Int) -> AgeError {
        AgeError(.workFactorTooLarge(logN: logN, maximum: maximum))
    }
    package static let scryptNotAlone = AgeError(.scryptNotAlone)
    package static let missingNonce = AgeError(.missingNonce)
    package static func noIdentityMatched(stanzaTypes: [String]) -> AgeError {
        AgeError(.noIdentityMatched(stanzaTypes: stanzaTypes))
    }
    package static let headerMACMismatch = AgeError(.headerMACMismatch)
    package static func truncated(chunksRead: UInt64) -> AgeError {
        AgeError(.truncated(chunksRead: chunksRead))
    }
    package static let trailingData = AgeError(.trailingData)
    package static func emptyFinalChunk(chunk: UInt64) -> AgeError {
        AgeError(.emptyFinalChunk(chunk: chunk))
    }
    package static func chunkAuthenticationFailed(chunk: UInt64) -> AgeError {
        AgeError(.chunkAuthenticationFailed(chunk: chunk))
    }
    package static func invalidArmor(_ a0: String) -> AgeError {
        AgeError(.invalidArmor(a0))
    }
}
