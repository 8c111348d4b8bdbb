// SPDX-License-Identifier: MIT
import CofferAge
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

    /// Every vault reason, with the code a client sees: what it can do about it (distrust the storage, upgrade,
    /// ask for access, verify a contact, retry, …). Exhaustive: a new reason must be added here with its code.
    static let vaultErrors: [(VaultError, VaultError.Code)] = [
        (.malformedRecord(kind: "node", reason: "x"), .tampered),
        (.unsupportedVersion(kind: "node", version: 9), .unsupportedVersion),
        (.recordMisplaced(kind: "node", reason: "x"), .tampered),
        (.unauthorizedWriter(kind: "node", signer: "s"), .tampered),
        (.readerSigned(kind: "node", signer: "s"), .tampered), (.readOnly(path: "/a"), .notPermitted),
        (.signatureInvalid(kind: "node"), .tampered), (.manifestMismatch(node: "n"), .tampered),
        (.childMissing(node: "n"), .tampered), (.rollbackDetected(kind: "node", seen: 2, presented: 1), .tampered),
        (.epochKeyUnavailable(folder: "f", epoch: 2), .notPermitted), (.keyUnwrapFailed(kind: "share"), .tampered),
        (.metadataAuthenticationFailed(node: "n"), .tampered), (.malformedStanza("x"), .tampered),
        (.contentMismatch(node: "n"), .tampered), (.contentDamaged(node: "n", .trailingData), .tampered),
        (.untrustedContact("x"), .untrustedContact), (.notAMember(folder: "f"), .notPermitted),
        (.classicalShareRefused(folder: "f", contact: "c"), .classicalShareRefused), (.notFound("x"), .notFound),
        (.alreadyExists("x"), .alreadyExists), (.invalidName("x"), .invalidName),
        (.wrongNodeType(path: "/a", expected: "a folder"), .wrongState),
        (.limitReached(what: "x", limit: 1), .wrongState),
        (.account(.wrongPassword), .account), (.storageFailure("x"), .storageFailure),
        (.recordTooLarge(record: "r", size: 2, limit: 1), .tampered),
        (.changedConcurrently(record: "r"), .changedConcurrently),
    ]

    @Test("a VaultError's code groups its reason by what a client does about it")
    func vaultCodes() {
        var names = Set<String>()
        for (error, code) in Self.vaultErrors {
            #expect(error.code == code, "\(error.name)")
            #expect(error.description == error.reason.description)
            names.insert(error.name)
        }
        #expect(names.count == Self.vaultErrors.count, "one entry per reason")
        #expect(VaultError.account(.wrongPassword).accountError == .wrongPassword)
        #expect(VaultError.notFound("x").accountError == nil)
    }

    @Test("a VaultStoreError's code is the store operation's answer, its words unchanged")
    func storeCodes() throws {
        let id = try RecordID("00aa.node")
        let errors: [(VaultStoreError, VaultStoreError.Code, String)] = [
            (.notFound(id), .notFound, "record 00aa.node not found"),
            (.alreadyExists(id), .alreadyExists, "record 00aa.node already exists"),
            (.versionMismatch(id), .versionMismatch, "record 00aa.node changed since it was read"),
            (.tooLarge(id, size: 9, limit: 8), .tooLarge, "record 00aa.node has 9 bytes, more than the 8 allowed"),
            (.failure("disk on fire"), .failure, "disk on fire"),
        ]
        for (error, code, words) in errors {
            #expect(error.code == code)
            #expect(error.description == words)
        }
        #expect(VaultStoreError.notFound(id) != VaultStoreError.notFound(try RecordID("00bb.node")))
    }

    @Test("two errors are equal only when their reasons are, details included")
    func equalityKeepsTheDetails() {
        #expect(KeysError.notFound("a") == KeysError.notFound("a"))
        #expect(KeysError.notFound("a") != KeysError.notFound("b"))
        #expect(LinkError.linkExpired(expiry: 1, now: 2) != LinkError.linkExpired(expiry: 1, now: 3))
        #expect(KeysError.wrongPassword.description.hasPrefix("wrong password for this account\nhint: "))
    }
}
