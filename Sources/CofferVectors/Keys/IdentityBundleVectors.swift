// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_identity_bundle.json`: signed identity bundles and their fingerprints (Spec/accounts.md,
/// "Identity bundle", "Fingerprint"). Invalid cases: edited, forged, truncated bundles, mismatching fingerprints.
public struct IdentityBundleCase: KeysVectorCase {
    public var tcId = 0
    public var comment: String
    public var flags: [String]
    public var bundle: String
    public var accountId: String?
    public var agreementPublicKey: String?
    public var signingPublicKey: String?
    /// The text form (`coffer-identity1…`).
    public var text: String?
    /// For valid cases the bundle's fingerprint; for `fingerprintMismatch` cases what a person compared.
    public var fingerprint: String?
    public var result: String
    public var expect: String?

    public func check() throws -> String? {
        let parsed = try IdentityBundle(encoded: try Hex.decode(bundle))
        if result == "invalid", let fingerprint {
            try parsed.fingerprint.verify(typed: fingerprint)
            return nil
        }
        return KeysVectors.compare("accountId", parsed.accountID.bytes, accountId ?? "")
            ?? KeysVectors.compare(
                "agreementPublicKey", parsed.keys.agreement.rawRepresentation, agreementPublicKey ?? "")
            ?? KeysVectors.compare("signingPublicKey", parsed.keys.signing.rawRepresentation, signingPublicKey ?? "")
            ?? KeysVectors.compare("text", parsed.text, text ?? "")
            ?? KeysVectors.compare("fingerprint", parsed.fingerprint.description, fingerprint ?? "")
            ?? ((try? IdentityBundle(text: text ?? "")) == parsed ? nil : "text form does not parse back")
    }
}

public struct IdentityBundleGenerator: VectorGenerator {
    public let fileName = "keys_identity_bundle.json"
    public static let algorithm = "coffer-keys-identity-bundle"
    public init() {}

    public func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        func keys() throws -> IdentityKeyPair {
            try IdentityKeyPair(agreementSecret: random.secret(32), signingSeed: random.secret(32))
        }
        func valid(_ comment: String, _ pair: IdentityKeyPair) -> IdentityBundleCase {
            let bundle = IdentityBundle(signedBy: pair)
            return IdentityBundleCase(
                comment: comment, flags: [], bundle: Hex.encode(bundle.encoded),
                accountId: Hex.encode(bundle.accountID.bytes),
                agreementPublicKey: Hex.encode(bundle.keys.agreement.rawRepresentation),
                signingPublicKey: Hex.encode(bundle.keys.signing.rawRepresentation), text: bundle.text,
                fingerprint: Self.referenceFingerprint(bundle.encoded), result: "valid"
            )
        }
        func invalid(
            _ comment: String, _ flags: [String], _ bytes: [UInt8], _ expect: String, fingerprint: String? = nil
        )
            -> IdentityBundleCase
        {
            IdentityBundleCase(
                comment: comment, flags: flags, bundle: Hex.encode(bytes), fingerprint: fingerprint,
                result: "invalid", expect: expect)
        }
        let alice = try keys()
        let mallory = try keys()
        let good = IdentityBundle(signedBy: alice).encoded
        let malloryBundle = IdentityBundle(signedBy: mallory).encoded
        var changedAgreement = good
        changedAgreement.replaceSubrange(21..<53, with: mallory.publicKeys.agreement.rawRepresentation)
        var changedSigning = good
        changedSigning.replaceSubrange(53..<85, with: mallory.publicKeys.signing.rawRepresentation)
        var claimsAlice = malloryBundle
        claimsAlice.replaceSubrange(5..<21, with: alice.accountID.bytes)
        var version2 = good
        version2[4] = 2
        let fingerprint = Self.referenceFingerprint(good)
        let digits = Array(fingerprint)
        var oneDigit = digits
        oneDigit[7] = oneDigit[7] == "0" ? "1" : "0"
        let groups = fingerprint.split(separator: " ")
        let positives = [
            valid("a bundle", alice), valid("another bundle", mallory), valid("a third bundle", try keys()),
        ]
        let negatives = [
            invalid("signature byte flipped", ["BadSignature"], KeysVectors.flip(good, 120), "invalidBundleSignature"),
            invalid("X25519 key replaced", ["ChangedKey"], changedAgreement, "invalidBundleSignature"),
            invalid("Ed25519 key replaced", ["ChangedKey"], changedSigning, "accountIDMismatch"),
            invalid(
                "another account's bundle claiming this account id", ["ChangedKey"], claimsAlice, "accountIDMismatch"),
            invalid("version 2", ["Version"], version2, "unsupportedVersion"),
            invalid("wrong magic", ["Structure"], KeysVectors.flip(good, 0), "malformedRecord"),
            invalid("truncated", ["Structure"], Array(good.dropLast()), "malformedRecord"),
            invalid("trailing byte", ["Structure"], good + [0], "malformedRecord"),
            invalid(
                "fingerprint of another bundle", ["Fingerprint"], good, "fingerprintMismatch",
                fingerprint: Self.referenceFingerprint(malloryBundle)),
            invalid(
                "fingerprint with one digit changed", ["Fingerprint"], good, "fingerprintMismatch",
                fingerprint: String(oneDigit)),
            invalid(
                "fingerprint groups reordered", ["Fingerprint"], good, "fingerprintMismatch",
                fingerprint: ([groups[1], groups[0]] + groups.dropFirst(2)).joined(separator: " ")),
        ]
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Identity bundles (149 bytes, signed) and their fingerprints, Spec/accounts.md \"Identity bundle\"",
                "and \"Fingerprint\". A fingerprint case is invalid when the compared fingerprint is not the bundle's.",
            ],
            notes: [
                "BadSignature": "the Ed25519 signature does not verify",
                "ChangedKey": "a public key or the id was replaced",
                "Version": "only version 1 exists", "Structure": "exact length and magic are checked first",
                "Fingerprint": "the fingerprint a person compared differs from the bundle's",
            ],
            groups: [("IdentityBundle", positives), ("Refused", negatives)]
        )
    }

    /// The fingerprint formula of the Spec, computed from the bundle bytes with the primitives directly.
    static func referenceFingerprint(_ bundle: [UInt8]) -> String {
        let digest = try! BLAKE2b.hash(Array("coffer/v1/fingerprint".utf8) + Array(bundle[5..<85]), outputByteCount: 32)
        return (0..<4).map { index -> String in
            let value = digest[(5 * index)..<(5 * index + 5)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 100_000
            let text = String(value)
            return String(repeating: "0", count: 5 - text.count) + text
        }.joined(separator: " ")
    }
}
