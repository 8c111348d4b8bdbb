// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_subkeys.json`: every key the account layer derives from another key, by its Spec name
/// (Spec/accounts.md, "Key hierarchy"). Invalid cases give an input key of the wrong length.
package struct SubkeyCase: KeysVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// One of `password-key`, `password-verifier`, `auth-secret` (input: the Argon2id output),
    /// `recovery-wrap-key`, `recovery-verifier` (input: the recovery key), `identity-secrets-key` and
    /// `master-key-check` (input: the master key; the check's output is 8 bytes).
    package var derivation: String
    package var input: String
    package var output: String?
    /// `label` cases: the label or `crypto_kdf` context as text (`output` is its bytes) and where it is used.
    package var label: String?
    package var use: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        if derivation == "label" {
            guard let label, Self.libraryLabels.contains(label) else {
                return "\"\(label ?? "")\" is not a label the account layer uses"
            }
            return KeysVectors.compare("label bytes", Array(label.utf8), output ?? "")
        }
        let secret = SecretBytes(try Hex.decode(input))
        let derived: [UInt8]
        switch derivation {
        case "password-key":
            derived = PasswordSecrets(stretched: try StretchedPassword(secret)).passwordKey.secret.revealedBytes()
        case "password-verifier": derived = PasswordSecrets(stretched: try StretchedPassword(secret)).verifier
        case "auth-secret":
            derived = PasswordSecrets(stretched: try StretchedPassword(secret)).authenticationSecret.secret
                .revealedBytes()
        case "recovery-wrap-key": derived = try RecoveryKey(secret).wrapKeyForAudit.revealedBytes()
        case "recovery-verifier": derived = try RecoveryKey(secret).verifier
        case "identity-secrets-key":
            derived = IdentitySecretsRecord.key(from: try MasterKey(secret)).secret.revealedBytes()
        case "master-key-check":
            derived = try Hex.decode(UnlockedAccount.masterKeyCheck(of: try MasterKey(secret)))
        default: return "unknown derivation \"\(derivation)\""
        }
        return KeysVectors.compare(derivation, derived, output ?? "")
    }
}

extension SubkeyCase {
    /// Every label and context the account layer's code uses, read from its public constants.
    static let libraryLabels: Set<String> = [
        PasswordSecrets.passwordKeyLabel, PasswordSecrets.verifierLabel, PasswordSecrets.authenticationLabel,
        RecoveryKey.wrapKeyLabel, RecoveryKey.verifierLabel, AccountID.label, IdentitySecretsRecord.label,
        IdentityBundle.label, Fingerprint.label, AccountRecord.label, WrappedMasterKey.label,
        IdentitySecretsRecord.subkeyContext, UnlockedAccount.masterKeyCheckContext,
    ]
}

package struct SubkeyGenerator: VectorGenerator {
    /// Spec/accounts.md "Labels", transcribed: every label of the chapter and the formula it appears in.
    static let specLabels: [(String, String)] = [
        ("coffer/v1/password-key", "HKDF-SHA-256(stretched, salt: \"\", info: label, 32): passwordKey"),
        ("coffer/v1/password-verifier", "HKDF-SHA-256(stretched, salt: \"\", info: label, 32): password verifier"),
        ("coffer/v1/auth-secret", "HKDF-SHA-256(stretched, salt: \"\", info: label, 32): authSecret"),
        ("coffer/v1/recovery-wrap-key", "HKDF-SHA-256(recoveryKey, salt: \"\", info: label, 32)"),
        ("coffer/v1/recovery-verifier", "HKDF-SHA-256(recoveryKey, salt: \"\", info: label, 32)"),
        ("coffer/v1/account-id", "BLAKE2b-128(label ‖ ed25519Public)"),
        ("coffer/v1/fingerprint", "BLAKE2b-256(label ‖ accountID ‖ x25519Public ‖ ed25519Public)"),
        ("coffer/v1/identity-bundle", "Ed25519 message: label ‖ bundle[0..<85]"),
        ("coffer/v1/account-record", "Ed25519 message: label ‖ record[0..<266]"),
        ("coffer/v1/identity-secrets", "AEAD associated data: label ‖ record[0..<21]"),
        ("coffer/v1/master-key-wrap", "AEAD associated data: label ‖ 0x01 ‖ purpose ‖ accountID [‖ kdf]"),
        ("cofferid", "crypto_kdf context: identitySecretsKey = crypto_kdf(masterKey, 1, label)"),
        ("cofferkc", "crypto_kdf context: masterKeyCheck = crypto_kdf16(masterKey, 1, label)[0..<8]"),
    ]

    package let fileName = "keys_subkeys.json"
    package static let algorithm = "coffer-keys-subkeys"
    package static let derivations = [
        "password-key", "password-verifier", "auth-secret", "recovery-wrap-key", "recovery-verifier",
        "identity-secrets-key",
    ]
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        var positives: [SubkeyCase] = []
        for derivation in Self.derivations {
            for _ in 0..<2 {
                let input = random.bytes(32)
                var test = SubkeyCase(
                    comment: "\(derivation) of a 32-byte input", flags: [], derivation: derivation,
                    input: Hex.encode(input),
                    result: "valid"
                )
                test.output = Self.reference(derivation, input)
                positives.append(test)
            }
        }
        let negatives = [
            ("auth-secret", 31), ("password-key", 64), ("recovery-verifier", 16), ("identity-secrets-key", 31),
            ("identity-secrets-key", 33), ("recovery-wrap-key", 0),
        ].map { derivation, length in
            SubkeyCase(
                comment: "\(derivation) of a \(length)-byte input", flags: ["WrongLength"], derivation: derivation,
                input: Hex.encode(random.bytes(length)), result: "invalid", expect: "invalidKeyLength"
            )
        }
        // Appended after every earlier draw, so the cases above keep their bytes.
        let checks = (0..<3).map { _ in
            let input = random.bytes(32)
            return SubkeyCase(
                comment: "master-key-check of a 32-byte master key (crypto_kdf with a 16-byte output, first 8 bytes)",
                flags: ["MasterKeyCheck"], derivation: "master-key-check", input: Hex.encode(input),
                output: Self.reference("master-key-check", input), result: "valid")
        }
        let wrongCheck = SubkeyCase(
            comment: "master-key-check of a 31-byte input", flags: ["WrongLength"], derivation: "master-key-check",
            input: Hex.encode(random.bytes(31)), result: "invalid", expect: "invalidKeyLength")
        let labels = Self.specLabels.map { label, use in
            SubkeyCase(
                comment: "the bytes of \"\(label)\"", flags: ["Label"], derivation: "label", input: "",
                output: Hex.encode(Array(label.utf8)), label: label, use: use, result: "valid")
        }
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Keys derived from keys (Spec/accounts.md, \"Key hierarchy\"): HKDF-SHA-256 labels and crypto_kdf."
            ],
            notes: [
                "WrongLength": "every input of these derivations is exactly 32 bytes; other lengths are refused",
                "MasterKeyCheck":
                    "the public check value `coffer account unlock` prints: crypto_kdf(masterKey, 1, \"cofferkc\") "
                    + "computed with a 16-byte BLAKE2b output (not the first bytes of the 32-byte subkey), "
                    + "first 8 bytes",
                "Label":
                    "every label and crypto_kdf context of Spec/accounts.md as ASCII bytes (no terminator, no length); "
                    + "`use` is the formula it appears in; the runner checks the library uses exactly this text",
            ],
            groups: [
                ("Subkeys", positives), ("WrongLength", negatives), ("MasterKeyCheck", checks + [wrongCheck]),
                ("Label", labels),
            ]
        )
    }

    /// The Spec formulas, computed here from the primitives directly (not through the code under test).
    static func reference(_ derivation: String, _ input: [UInt8]) -> String {
        let ikm = SecretBytes(input)
        func hkdf(_ label: String) -> String {
            Hex.encode(
                try! HKDF<SHA256>.deriveKey(
                    inputKeyMaterial: ikm, salt: [], info: Array(label.utf8), outputByteCount: 32
                )
                .revealedBytes())
        }
        switch derivation {
        case "password-key": return hkdf("coffer/v1/password-key")
        case "password-verifier": return hkdf("coffer/v1/password-verifier")
        case "auth-secret": return hkdf("coffer/v1/auth-secret")
        case "recovery-wrap-key": return hkdf("coffer/v1/recovery-wrap-key")
        case "recovery-verifier": return hkdf("coffer/v1/recovery-verifier")
        case "master-key-check":
            // BLAKE2b-128(key: masterKey, salt: LE64(1) ‖ 0⁸, personal: "cofferkc" ‖ 0⁸), first 8 bytes.
            return Hex.encode(
                Array(
                    try! SubkeyDerivation.deriveSubkey(from: ikm, id: 1, context: "cofferkc", byteCount: 16)
                        .revealedBytes().prefix(8)))
        default:
            return Hex.encode(try! SubkeyDerivation.deriveSubkey(from: ikm, id: 1, context: "cofferid").revealedBytes())
        }
    }
}
