// SPDX-License-Identifier: MIT
import CofferSharing

extension LinkError {
    /// The `expect` value of the `links_*.json` vectors for this error: the case name, one-to-one. An exhaustive
    /// switch, so a new case cannot be added without deciding its vector name.
    package var expectName: String {
        switch reason {
        case .missingSecret: "missingSecret"
        case .unsupportedLinkVersion: "unsupportedLinkVersion"
        case .checksumMismatch: "checksumMismatch"
        case .lookupIDMismatch: "lookupIDMismatch"
        case .invalidBaseURL: "invalidBaseURL"
        case .noLinkStanza: "noLinkStanza"
        case .malformedLinkStanza: "malformedLinkStanza"
        case .unsupportedRecordVersion: "unsupportedRecordVersion"
        case .badRecordSignature: "badRecordSignature"
        case .linkExpired: "linkExpired"
        case .targetKindMismatch: "targetKindMismatch"
        case .targetMismatch: "targetMismatch"
        case .passwordRequired: "passwordRequired"
        case .passwordNotExpected: "passwordNotExpected"
        case .wrongPassword: "wrongPassword"
        case .fileKeyUnwrapFailed: "fileKeyUnwrapFailed"
        case .kdfParameterBelowFloor: "kdfParameterBelowFloor"
        case .kdfParameterAboveCap: "kdfParameterAboveCap"
        case .kdfFailed: "kdfFailed"
        case .invalidExpiry: "invalidExpiry"
        }
    }
}
