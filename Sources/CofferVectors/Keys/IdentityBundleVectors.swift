// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_identity_bundle.json`: signed identity bundles and their fingerprints (Spec/accounts.md,
/// "Identity bundle", "Fingerprint"). Invalid cases: edited, forged, truncated bundles, mismatching fingerprints;
/// version 2 bundles (with a post-quantum key) stripped, swapped, mis-sized or not canonical.
package struct IdentityBundleCase: KeysVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var bundle: String
    package var accountId: String?
    package var agreementPublicKey: String?
    package var signingPublicKey: String?
    /// The MLKEM768-X25519 public key of a version 2 bundle.
    package var hybridPublicKey: String?
    /// The text form (`coffer-identity1…`).
    package var text: String?
    /// For valid cases the bundle's fingerprint; for `fingerprintMismatch` cases what a person compared.
    package var fingerprint: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try IdentityBundle(encoded: try Hex.decode(bundle))
        if result == "invalid", let fingerprint {
            try parsed.fingerprint.verify(typed: fingerprint)
            return nil
        }
        return KeysVectors.compare("accountId", parsed.accountID.bytes, accountId ?? "")
            ?? KeysVectors.compare(
                "agreementPublicKey", parsed.keys.agreement.rawRepresentation, agreementPublicKey ?? "")
            ?? KeysVectors.compare("signingPublicKey", parsed.keys.signing.rawRepresentation, signingPublicKey ?? "")
            ?? KeysVectors.compare(
                "hybridPublicKey", parsed.keys.hybrid?.rawRepresentation ?? [], hybridPublicKey ?? "")
            ?? KeysVectors.compare("text", parsed.text, text ?? "")
            ?? KeysVectors.compare("fingerprint", parsed.fingerprint.description, fingerprint ?? "")
            ?? ((try? IdentityBundle(text: text ?? "")) == parsed ? nil : "text form does not parse back")
    }
}

package struct IdentityBundleGenerator: VectorGenerator {
    package let fileName = "keys_identity_bundle.json"
    package static let algorithm = "coffer-keys-identity-bundle"
    package init() {}

    package func generate() throws -> Data {
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
                signingPublicKey: Hex.encode(bundle.keys.signing.rawRepresentation),
                hybridPublicKey: bundle.keys.hybrid.map { Hex.encode($0.rawRepresentation) }, text: bundle.text,
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
        var version3 = good
        version3[4] = 3
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
            invalid("version 3", ["Version"], version3, "unsupportedVersion"),
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
            invalid("version 2 with the length of version 1", ["Structure"], version2, "malformedRecord"),
        ]
        let hybrid = try Self.postQuantumCases(&random, valid: valid) { invalid($0, $1, $2, $3) }
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Identity bundles (149 bytes, or 1,365 with a post-quantum MLKEM768-X25519 key; signed) and their",
                "fingerprints, Spec/accounts.md \"Identity bundle\" and \"Fingerprint\". A fingerprint case is",
                "invalid when the compared fingerprint is not the bundle's.",
            ],
            notes: [
                "BadSignature": "the Ed25519 signature does not verify",
                "ChangedKey": "a public key or the id was replaced",
                "Version": "versions 1 and 2 exist",
                "Structure": "exact length (by version) and magic are checked first",
                "Stripped": "the post-quantum key removed from a version 2 bundle",
                "Fingerprint": "the fingerprint a person compared differs from the bundle's",
            ],
            groups: [
                ("IdentityBundle", positives), ("Refused", negatives),
                ("PostQuantumBundle", hybrid.positives), ("PostQuantumRefused", hybrid.negatives),
            ]
        )
    }

    /// Version 2 bundles, drawn after every version 1 case (whose bytes stay as they were).
    static func postQuantumCases(
        _ random: inout DeterministicRandom, valid: (String, IdentityKeyPair) -> IdentityBundleCase,
        invalid: (String, [String], [UInt8], String) -> IdentityBundleCase
    ) throws -> (positives: [IdentityBundleCase], negatives: [IdentityBundleCase]) {
        func keys() throws -> IdentityKeyPair {
            try IdentityKeyPair(
                agreementSecret: random.secret(32), signingSeed: random.secret(32), hybridSeed: random.secret(32))
        }
        let alice = try keys()
        let mallory = try keys()
        let good = IdentityBundle(signedBy: alice).encoded
        let hybridRange = 85..<(85 + MLKEM768X25519.publicKeyByteCount)
        var stripped = Array(good[..<85]) + Array(good.suffix(64))
        stripped[4] = 1
        var strippedKeepingVersion = stripped
        strippedKeepingVersion[4] = 2
        var swapped = good
        swapped.replaceSubrange(hybridRange, with: IdentityBundle(signedBy: mallory).encoded[hybridRange])
        var notCanonical = good
        notCanonical[85] = 0xff
        notCanonical[86] |= 0x0f  // the first 12-bit coefficient is 0xfff ≥ q = 3329
        var relabelled = good
        relabelled[4] = 1
        let positives = [
            valid("a bundle with a post-quantum key", alice), valid("another bundle with a post-quantum key", mallory),
        ]
        let negatives = [
            invalid(
                "post-quantum key stripped, version set to 1, signature kept", ["Stripped"], stripped,
                "invalidBundleSignature"),
            invalid(
                "post-quantum key stripped, version 2 kept", ["Stripped"], strippedKeepingVersion,
                "malformedRecord"),
            invalid(
                "post-quantum key replaced by another account's", ["ChangedKey"], swapped, "invalidBundleSignature"),
            invalid(
                "post-quantum key byte flipped (its seed ρ)", ["ChangedKey"], KeysVectors.flip(good, 85 + 1170),
                "invalidBundleSignature"),
            invalid("version 1 with the length of version 2", ["Structure"], relabelled, "malformedRecord"),
            invalid("post-quantum key one byte short", ["Structure"], Array(good.dropLast()), "malformedRecord"),
            invalid("post-quantum key with a trailing byte", ["Structure"], good + [0], "malformedRecord"),
            invalid("ML-KEM coefficient not below q", ["Structure"], notCanonical, "malformedRecord"),
        ]
        return (positives, negatives)
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
