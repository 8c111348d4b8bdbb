// SPDX-License-Identifier: MIT
import CofferFormat
import CofferKeys
import CofferPrimitives
import CofferSharing
import Testing

/// The public side of the layers' errors: a client switches on `code` and shows `description`; the reason (the
/// rule the vectors name) stays `package`. These pin the mapping a client relies on, and that the words are the
/// reason's, unchanged.
@Suite("Error codes")
struct ErrorCodeTests {
    /// Every age reason, with the code a client sees: age's own failure class, the same as the CCTV outcome.
    static let ageErrors: [AgeError] = [
        .unsupportedVersion("v2"), .malformedHeader("x"), .headerTooLarge(maximum: 1), .lowOrderShare,
        .invalidStanza(type: "X25519", reason: "x"), .workFactorTooLarge(logN: 40, maximum: 22), .scryptNotAlone,
        .missingNonce, .noIdentityMatched(stanzaTypes: ["X25519"]), .headerMACMismatch, .truncated(chunksRead: 1),
        .trailingData, .emptyFinalChunk(chunk: 2), .chunkAuthenticationFailed(chunk: 0), .invalidArmor("x"),
    ]

    @Test("an AgeError's code is its CCTV outcome class", arguments: ageErrors)
    func ageCodeIsTheOutcome(error: AgeError) {
        let expected: [AgeOutcome: AgeError.Code] = [
            .headerFailure: .headerFailure, .noMatch: .noMatch, .hmacFailure: .hmacFailure,
            .payloadFailure: .payloadFailure, .armorFailure: .armorFailure,
        ]
        #expect(error.code == expected[error.outcome], "\(error.name)")
        #expect(error.description == error.reason.description)
    }

    @Test("the refusals a client acts on have codes of their own")
    func codesTellRefusalsApart() {
        #expect(PrimitiveError.authenticationFailed.code == .authenticationFailed)
        #expect(PrimitiveError.x25519LowOrderPoint.code == .invalidInput)
        #expect(PrimitiveError.invalidBech32(.checksumMismatch).code == .invalidInput)
        #expect(PrimitiveError.kdfParameterTooLarge(.memoryKiB, value: 9, maximum: 8).code == .kdfFailed)
        #expect(PrimitiveError.kdfFailed("out of memory").code == .kdfFailed)
        #expect(AgeUsageError.postQuantumMixed.code == .invalidArgument)
        #expect(AgeUsageError.invalidRecipient("age1x").code == .invalidKey)
        #expect(AgeUsageError.inputChangedWhileReading(expectedBytes: 1, foundBytes: 2).code == .inputChanged)
        #expect(KeysError.wrongPassword.code == .wrongPassword)
        #expect(KeysError.recordTampered(kind: "account").code == .tampered)
        #expect(KeysError.rollbackDetected(kind: "account", seen: 2, presented: 1).code == .tampered)
        #expect(KeysError.recoveryKeyMistyped("x").code == .wrongRecoveryKey)
        #expect(KeysError.recoveryKeyMalformed("x").code == .wrongRecoveryKey)
        #expect(KeysError.malformedRecord(kind: "account", reason: "x").code == .tampered)
        #expect(KeysError.unsupportedVersion(kind: "account", version: 9).code == .tampered)
        #expect(KeysError.kdfParameterBelowFloor(.memoryKiB, value: 1, minimum: 2).code == .kdfFailed)
        #expect(KeysError.wrongRecoveryKey.code == .wrongRecoveryKey)
        #expect(KeysError.pinnedKeyChanged(contact: "bob", pinned: "a", presented: "b").code == .untrustedKey)
        #expect(KeysError.notFound("x").code == .notFound)
        #expect(LinkError.linkExpired(expiry: 1, now: 2).code == .expired)
        #expect(LinkError.noLinkStanza(lookupID: "x").code == .revoked)
        #expect(LinkError.passwordRequired.code == .passwordRequired)
        #expect(LinkError.wrongPassword.code == .wrongPassword)
        #expect(LinkError.checksumMismatch.code == .invalidLink)
        #expect(LinkError.badRecordSignature.code == .tampered)
    }

    @Test("two errors are equal only when their reasons are, details included")
    func equalityKeepsTheDetails() {
        #expect(KeysError.notFound("a") == KeysError.notFound("a"))
        #expect(KeysError.notFound("a") != KeysError.notFound("b"))
        #expect(LinkError.linkExpired(expiry: 1, now: 2) != LinkError.linkExpired(expiry: 1, now: 3))
        #expect(KeysError.wrongPassword.description.hasPrefix("wrong password for this account\nhint: "))
    }
}
