// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The `expect` value of each primitive error in Coffer's vector files: the case name, and for cases that carry
/// a kind (which KDF parameter, which Bech32 rule) the kind after a dot, e.g. `kdfParameterTooSmall.saltLength`,
/// `invalidBech32.mixedCase`. Exhaustive switches, so a new error case cannot go unnamed.
extension PrimitiveError {
    package var vectorName: String {
        switch reason {
        case .invalidLength: "invalidLength"
        case .authenticationFailed: "authenticationFailed"
        case .x25519LowOrderPoint: "x25519LowOrderPoint"
        case .invalidPublicKey: "invalidPublicKey"
        case .hkdfOutputTooLong: "hkdfOutputTooLong"
        case .kdfParameterTooSmall(let parameter, _, _): "kdfParameterTooSmall.\(parameter.vectorName)"
        case .kdfParameterTooLarge(let parameter, _, _): "kdfParameterTooLarge.\(parameter.vectorName)"
        case .kdfParametersRejected: "kdfParametersRejected"
        case .kdfFailed: "kdfFailed"
        case .invalidBase64: "invalidBase64"
        case .invalidBech32(let failure): "invalidBech32.\(failure.vectorName)"
        case .invalidSubkeyContext: "invalidSubkeyContext"
        }
    }
}

extension Bech32Failure {
    package var vectorName: String {
        switch self {
        case .mixedCase: "mixedCase"
        case .missingSeparator: "missingSeparator"
        case .emptyHumanReadablePart: "emptyHumanReadablePart"
        case .invalidHumanReadableCharacter: "invalidHumanReadableCharacter"
        case .invalidDataCharacter: "invalidDataCharacter"
        case .tooShortChecksum: "tooShortChecksum"
        case .checksumMismatch: "checksumMismatch"
        case .nonZeroPadding: "nonZeroPadding"
        case .excessPadding: "excessPadding"
        case .wrongHumanReadablePart: "wrongHumanReadablePart"
        }
    }
}

extension KDFParameter {
    /// The Swift case name (`saltLength`), not the human-readable raw value.
    package var vectorName: String {
        switch self {
        case .iterations: "iterations"
        case .memoryKiB: "memoryKiB"
        case .parallelism: "parallelism"
        case .saltLength: "saltLength"
        case .secretLength: "secretLength"
        case .associatedDataLength: "associatedDataLength"
        case .outputLength: "outputLength"
        case .passwordLength: "passwordLength"
        case .scryptLogN: "scryptLogN"
        case .scryptBlockSize: "scryptBlockSize"
        case .scryptParallelism: "scryptParallelism"
        }
    }
}

/// Runs `body` and names its outcome: `"ok"` or the error's `vectorName`. For comparing with `expect`.
func outcomeName(_ body: () throws(PrimitiveError) -> Void) -> String {
    do {
        try body()
        return "ok"
    } catch {
        return error.vectorName
    }
}

/// The `vectorName` of a `PrimitiveError`, or the description of any other error.
func errorName(_ error: any Error) -> String {
    (error as? PrimitiveError)?.vectorName ?? "\(error)"
}
