// SPDX-License-Identifier: MIT

extension AgeUsageError {
    /// The reason of a `AgeUsageError`, one case per reader rule: the structured details the CLI and the vector runners
    /// read. Not public: a client reads `code` and `description`.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
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

        package var description: String {
            switch self {
            case let .invalidKeyLength(what, expected, actual): "\(what) has \(actual) bytes, expected \(expected)"
            case let .invalidRecipient(text):
                "invalid recipient \(Self.quoted(text)): expected an age1… or age1pq1… public key"
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
}

/// One factory per reason, so that `throw AgeUsageError.case(…)` reads as before.
extension AgeUsageError {
    package static func invalidKeyLength(what: String, expected: Int, actual: Int) -> AgeUsageError {
        AgeUsageError(.invalidKeyLength(what: what, expected: expected, actual: actual))
    }
    package static func invalidRecipient(_ a0: String) -> AgeUsageError {
        AgeUsageError(.invalidRecipient(a0))
    }
    package static func invalidIdentity(reason: String) -> AgeUsageError {
        AgeUsageError(.invalidIdentity(reason: reason))
    }
    package static func invalidIdentityFile(line: Int, reason: String) -> AgeUsageError {
        AgeUsageError(.invalidIdentityFile(line: line, reason: reason))
    }
    package static let noRecipients = AgeUsageError(.noRecipients)
    package static let scryptNotAlone = AgeUsageError(.scryptNotAlone)
    package static let postQuantumMixed = AgeUsageError(.postQuantumMixed)
    package static func invalidWorkFactor(_ a0: Int) -> AgeUsageError {
        AgeUsageError(.invalidWorkFactor(a0))
    }
    package static func rangeOutOfBounds(offset: UInt64, length: UInt64, size: UInt64) -> AgeUsageError {
        AgeUsageError(.rangeOutOfBounds(offset: offset, length: length, size: size))
    }
    package static let armoredNotSeekable = AgeUsageError(.armoredNotSeekable)
    package static func inputChangedWhileReading(expectedBytes: UInt64, foundBytes: UInt64) -> AgeUsageError {
        AgeUsageError(.inputChangedWhileReading(expectedBytes: expectedBytes, foundBytes: foundBytes))
    }
}
