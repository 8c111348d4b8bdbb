// SPDX-License-Identifier: MIT

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
public enum AgeError: Error, Equatable, Sendable, CustomStringConvertible {
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

    public var description: String {
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

/// Mistakes by the caller rather than by the file: bad key strings, impossible parameters, bad ranges.
public enum AgeUsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key or secret had the wrong length.
    case invalidKeyLength(what: String, expected: Int, actual: Int)
    /// A recipient string is not a known recipient encoding (`age1…`).
    case invalidRecipient(String)
    /// An identity string is not a known identity encoding; the string itself is never echoed.
    case invalidIdentity(reason: String)
    /// An identity file line could not be read.
    case invalidIdentityFile(line: Int, reason: String)
    /// Encryption was asked without any recipient.
    case noRecipients
    /// A passphrase recipient was combined with other recipients.
    case scryptNotAlone
    /// Post-quantum (`age1pq1…`) and classical recipients were combined; the file would be only as strong as the
    /// classical ones against a quantum computer (age's "postquantum" label rule).
    case postQuantumMixed
    /// A work factor outside 1...maximum was requested.
    case invalidWorkFactor(Int)
    /// A random-access range does not lie inside the plaintext.
    case rangeOutOfBounds(offset: UInt64, length: UInt64, size: UInt64)
    /// Random access needs the binary (unarmored) file.
    case armoredNotSeekable
    /// The input file grew or shrank while it was being encrypted, so the output does not hold one version of it.
    case inputChangedWhileReading(expectedBytes: UInt64, foundBytes: UInt64)

    public var description: String {
        switch self {
        case let .invalidKeyLength(what, expected, actual): "\(what) has \(actual) bytes, expected \(expected)"
        case let .invalidRecipient(text):
            "invalid recipient \(AgeUsageError.quoted(text)): expected an age1… or age1pq1… public key"
        case let .invalidIdentity(reason): "invalid identity: \(reason)"
        case let .invalidIdentityFile(line, reason): "identity file line \(line): \(reason)"
        case .noRecipients: "no recipients given"
        case .scryptNotAlone: "a passphrase cannot be combined with other recipients"
        case .postQuantumMixed:
            "post-quantum (age1pq1…) recipients cannot be combined with classical ones: the file would not resist "
                + "a quantum computer"
        case let .invalidWorkFactor(logN): "scrypt work factor \(logN) is out of range"
        case let .rangeOutOfBounds(offset, length, size):
            "range \(offset):\(length) is outside the plaintext of \(size) bytes"
        case .armoredNotSeekable: "random access needs a binary age file, not an armored one"
        case let .inputChangedWhileReading(expected, found):
            "the input changed while it was being encrypted (\(expected) bytes expected, \(found) found): "
                + "the output is incomplete; encrypt a copy that nothing is writing to"
        }
    }

    /// A recipient string as quoted in a message: whole up to 100 characters; a longer one (a cut or damaged
    /// 1959-character `age1pq1…`) as its first 60 and last 12 characters, then its length.
    static func quoted(_ text: String) -> String {
        guard text.count > 100 else { return "\"\(text)\"" }
        return "\"\(text.prefix(60))…\(text.suffix(12))\" (\(text.count) characters)"
    }
}
