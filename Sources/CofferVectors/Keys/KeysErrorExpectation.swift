// SPDX-License-Identifier: MIT
import CofferKeys

extension KeysError {
    /// The `expect` value of the `keys_*.json` vectors for this error: the case name, one-to-one. An exhaustive
    /// switch, so a new case cannot be added without deciding its vector name.
    package var expectName: String {
        switch reason {
        case .malformedRecord: "malformedRecord"
        case .unsupportedVersion: "unsupportedVersion"
        case .invalidKeyLength: "invalidKeyLength"
        case .kdfParameterBelowFloor: "kdfParameterBelowFloor"
        case .kdfParameterAboveCap: "kdfParameterAboveCap"
        case .kdfFailed: "kdfFailed"
        case .recordTampered: "recordTampered"
        case .wrongPassword: "wrongPassword"
        case .wrongRecoveryKey: "wrongRecoveryKey"
        case .recoveryKeyMistyped: "recoveryKeyMistyped"
        case .recoveryKeyMalformed: "recoveryKeyMalformed"
        case .invalidBundleSignature: "invalidBundleSignature"
        case .accountIDMismatch: "accountIDMismatch"
        case .identityKeyMismatch: "identityKeyMismatch"
        case .postQuantumKeyMissing: "postQuantumKeyMissing"
        case .pinnedKeyChanged: "pinnedKeyChanged"
        case .fingerprintMismatch: "fingerprintMismatch"
        case .rollbackDetected: "rollbackDetected"
        case .notFound: "notFound"
        case .invalidRecordID: "invalidRecordID"
        case .storageFailure: "storageFailure"
        }
    }
}
