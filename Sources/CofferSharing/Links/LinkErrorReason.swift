// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

extension LinkError {
    /// The reason of a `LinkError`, one case per reader rule: the structured details the CLI and the vector runners
    /// read. Not public: a client reads `code` and `description`.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
        /// The link has no `#` fragment, or an empty one: the secret is missing (the link was cut before the `#`).
        case missingSecret
        /// The fragment starts with a version character this implementation does not know.
        case unsupportedLinkVersion(String)
        /// The fragment has the wrong length, a character outside base64url, or a checksum that does not verify.
        case checksumMismatch
        /// The lookup id in the link's path is not the one its secret derives (the path was edited or mixed up).
        case lookupIDMismatch(inLink: String, derived: String)
        /// A base URL for new links is not `http(s)://…/` without `?`, `#` or white space.
        case invalidBaseURL(String)
        /// The file has no stanza for this link: the link was revoked, or the server served another file.
        case noLinkStanza(lookupID: String)
        /// A `coffer.dev/v1/link` stanza or its record breaks the grammar (arguments, lengths, reserved values).
        case malformedLinkStanza(String)
        /// The link record declares a record version this implementation does not know.
        case unsupportedRecordVersion(UInt8)
        /// The record's signature does not verify under the key this link's secret derives: forged or altered.
        case badRecordSignature
        /// The record's expiry (Unix seconds) is at or before the client's clock.
        case linkExpired(expiry: UInt64, now: UInt64)
        /// The record is for another kind of target (a folder link opened as a file, or the reverse).
        case targetKindMismatch(expected: String, actual: String)
        /// The file key unwrapped does not match the record's target commitment: another file's content.
        case targetMismatch
        /// The link is password-protected and no password was given.
        case passwordRequired
        /// A password was given for a link that has none.
        case passwordNotExpected
        /// The password is wrong (the record is authentic, so the wrapped key failed only because of the password).
        case wrongPassword
        /// The record is authentic but its wrapped key does not open with the link key: the link was made wrongly.
        case fileKeyUnwrapFailed
        /// A stored Argon2id parameter is below the client's floor (a downgrade); refused before the KDF runs.
        case kdfParameterBelowFloor(KDFParameter, value: UInt64, minimum: UInt64)
        /// A stored Argon2id parameter is above the client's cap (denial of service); refused before the KDF runs.
        case kdfParameterAboveCap(KDFParameter, value: UInt64, maximum: UInt64)
        /// The KDF itself failed (usually: not enough memory).
        case kdfFailed(String)
        /// An expiry for a new link is not in the future, or cannot be read.
        case invalidExpiry(String)

        package var description: String {
            switch self {
            case .missingSecret:
                "the link has no secret after '#': it was probably cut\n"
                    + "hint: copy the whole link, including the part after '#'"
            case .unsupportedLinkVersion(let version):
                "link version \"\(version)\" is not known to this version of coffer\nhint: upgrade coffer"
            case .checksumMismatch:
                "link checksum mismatch: the link was probably cut or mistyped\nhint: copy the whole link again"
            case .lookupIDMismatch(let inLink, let derived):
                "the link's path names \(inLink) but its secret belongs to \(derived): the link was edited or mixed up"
            case .invalidBaseURL(let url): "invalid base URL \"\(url)\": use http(s)://host/path/ ending in '/'"
            case .noLinkStanza(let id):
                "this file has no link \(id): the link was revoked, or this is not the file the link was made for"
            case .malformedLinkStanza(let reason): "malformed link stanza: \(reason)"
            case .unsupportedRecordVersion(let version): "link record version \(version) is not known to this coffer"
            case .badRecordSignature:
                "the link record's signature does not verify: it was forged or altered (not made by the link's creator)"
            case .linkExpired(let expiry, let now):
                "the link expired at \(LinkTime.format(expiry)) (now \(LinkTime.format(now)))"
            case .targetKindMismatch(let expected, let actual): "this is a \(actual) link, not a \(expected) link"
            case .targetMismatch:
                "the content does not match the link record: the server served another file under this link"
            case .passwordRequired: "this link is password-protected\nhint: give the password with --password-file"
            case .passwordNotExpected: "this link has no password\nhint: run again without --password-file"
            case .wrongPassword: "wrong password for this link"
            case .fileKeyUnwrapFailed:
                "the link record is authentic but its key does not open: the link was made wrongly"
            case .kdfParameterBelowFloor(let parameter, let value, let minimum):
                "the link asks for Argon2id \(parameter.rawValue) \(value), below the floor \(minimum); refused before "
                    + "running the KDF\nhint: a server that lowers KDF parameters is attempting a downgrade"
            case .kdfParameterAboveCap(let parameter, let value, let maximum):
                "the link asks for Argon2id \(parameter.rawValue) \(value), above the cap \(maximum); refused before "
                    + "running the KDF\nhint: a server that raises KDF parameters is attempting denial of service"
            case .kdfFailed(let reason): "password hashing failed: \(reason)"
            case .invalidExpiry(let reason): "invalid expiry: \(reason)"
            }
        }
    }
}

/// One factory per reason, so that `throw LinkError.case(…)` reads as before.
extension LinkError {
    package static let missingSecret = LinkError(.missingSecret)
    package static func unsupportedLinkVersion(_ a0: String) -> LinkError {
        LinkError(.unsupportedLinkVersion(a0))
    }
    package static let checksumMismatch = LinkError(.checksumMismatch)
    package static func lookupIDMismatch(inLink: String, derived: String) -> LinkError {
        LinkError(.lookupIDMismatch(inLink: inLink, derived: derived))
    }
    package static func invalidBaseURL(_ a0: String) -> LinkError {
        LinkError(.invalidBaseURL(a0))
    }
    package static func noLinkStanza(lookupID: String) -> LinkError {
        LinkError(.noLinkStanza(lookupID: lookupID))
    }
    package static func malformedLinkStanza(_ a0: String) -> LinkError {
        LinkError(.malformedLinkStanza(a0))
    }
    package static func unsupportedRecordVersion(_ a0: UInt8) -> LinkError {
        LinkError(.unsupportedRecordVersion(a0))
    }
    /// A link record the codec refused, in the words the link layer has always used: an unknown version byte is
    /// `unsupportedRecordVersion`, anything else `malformedLinkStanza`.
    package static func decoding(_ failure: RecordDecodingError) -> LinkError {
        switch failure.problem {
        case .unsupportedVersion(let version): .unsupportedRecordVersion(version)
        case .missingMagic: .malformedLinkStanza("empty record")
        case .tooShort(let actual, let minimum):
            .malformedLinkStanza("record has \(actual) bytes, expected at least \(minimum)")
        case .truncated: .malformedLinkStanza("record ends inside its \(failure.field)")
        default: .malformedLinkStanza(failure.reason(kind: "link"))
        }
    }
    package static let badRecordSignature = LinkError(.badRecordSignature)
    package static func linkExpired(expiry: UInt64, now: UInt64) -> LinkError {
        LinkError(.linkExpired(expiry: expiry, now: now))
    }
    package static func targetKindMismatch(expected: String, actual: String) -> LinkError {
        LinkError(.targetKindMismatch(expected: expected, actual: actual))
    }
    package static let targetMismatch = LinkError(.targetMismatch)
    package static let passwordRequired = LinkError(.passwordRequired)
    package static let passwordNotExpected = LinkError(.passwordNotExpected)
    package static let wrongPassword = LinkError(.wrongPassword)
    package static let fileKeyUnwrapFailed = LinkError(.fileKeyUnwrapFailed)
    package static func kdfParameterBelowFloor(_ a0: KDFParameter, value: UInt64, minimum: UInt64) -> LinkError {
        LinkError(.kdfParameterBelowFloor(a0, value: value, minimum: minimum))
    }
    package static func kdfParameterAboveCap(_ a0: KDFParameter, value: UInt64, maximum: UInt64) -> LinkError {
        LinkError(.kdfParameterAboveCap(a0, value: value, maximum: maximum))
    }
    package static func kdfFailed(_ a0: String) -> LinkError {
        LinkError(.kdfFailed(a0))
    }
    package static func invalidExpiry(_ a0: String) -> LinkError {
        LinkError(.invalidExpiry(a0))
    }
}
