// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_password_derivation.json`: Argon2id at the profiles' costs and the three HKDF outputs
/// (Spec/accounts.md, "Password to keys"); parameters outside the policy must be refused before the KDF runs.
package struct PasswordDerivationCase: KeysVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// UTF-8 text, exactly the bytes the KDF takes (JSON escapes do not normalise).
    package var password: String
    /// The password's bytes in hex, where the text alone could be misread (Unicode forms, control characters).
    package var passwordHex: String?
    package var memoryKiB: UInt32
    package var iterations: UInt32
    package var parallelism: UInt32
    package var salt: String
    package var stretched: String?
    package var passwordKey: String?
    package var passwordVerifier: String?
    package var authSecret: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        if let passwordHex, passwordHex != Hex.encode(Array(password.utf8)) {
            return "passwordHex is not the UTF-8 of password"
        }
        let kdf = KDFParameters(
            memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism, salt: try Hex.decode(salt))
        let counter = CountingHashing()
        let secrets: PasswordSecrets
        do {
            secrets = try PasswordSecrets(
                password: Password(password), parameters: kdf, policy: .standard, hashing: counter)
        } catch {
            // A refusal must come before the KDF: a record that asks for too little or too much costs nothing.
            if counter.count != 0 { return "refused with \(error.expectName) only after running the KDF" }
            throw error
        }
        let libargon2 = try Argon2idHashing(backend: .libargon2).stretch(Password(password), parameters: kdf)
        let derived = PasswordSecrets(stretched: libargon2)
        return KeysVectors.compare("stretched (libargon2)", libargon2.secret.revealedBytes(), stretched ?? "")
            ?? KeysVectors.compare("passwordKey", secrets.passwordKey.secret.revealedBytes(), passwordKey ?? "")
            ?? KeysVectors.compare("passwordVerifier", secrets.verifier, passwordVerifier ?? "")
            ?? KeysVectors.compare("authSecret", secrets.authenticationSecret.secret.revealedBytes(), authSecret ?? "")
            ?? KeysVectors.compare(
                "passwordKey (libargon2)", derived.passwordKey.secret.revealedBytes(), passwordKey ?? "")
    }
}

/// Counts KDF runs (`.automatic`: libsodium for p = 1, libargon2 otherwise).
final class CountingHashing: PasswordHashing, @unchecked Sendable {
    private let lock = NSLock()
    private var runs = 0
    var count: Int { lock.withLock { runs } }

    func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword {
        lock.withLock { runs += 1 }
        return try Argon2idHashing().stretch(password, parameters: parameters)
    }
}

package struct PasswordDerivationGenerator: VectorGenerator {
    package let fileName = "keys_password_derivation.json"
    package static let algorithm = "coffer-keys-password-derivation"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        func valid(
            _ comment: String, _ password: String, _ kdf: KDFParameters, _ flags: [String]
        ) throws -> PasswordDerivationCase {
            let stretched = try Argon2idHashing(backend: .libargon2).stretch(Password(password), parameters: kdf)
            let secrets = PasswordSecrets(stretched: stretched)
            return PasswordDerivationCase(
                comment: comment, flags: flags, password: password, memoryKiB: kdf.memoryKiB,
                iterations: kdf.iterations,
                parallelism: kdf.parallelism, salt: Hex.encode(kdf.salt),
                stretched: Hex.encode(stretched.secret.revealedBytes()),
                passwordKey: Hex.encode(secrets.passwordKey.secret.revealedBytes()),
                passwordVerifier: Hex.encode(secrets.verifier),
                authSecret: Hex.encode(secrets.authenticationSecret.secret.revealedBytes()), result: "valid"
            )
        }
        func refused(
            _ comment: String, m: UInt32, t: UInt32, p: UInt32, saltLength: Int = 16, _ expect: String
        ) -> PasswordDerivationCase {
            PasswordDerivationCase(
                comment: comment, flags: ["KdfPolicy"], password: "password", memoryKiB: m, iterations: t,
                parallelism: p,
                salt: Hex.encode(random.bytes(saltLength)), result: "invalid", expect: expect
            )
        }
        let positives = [
            try valid(
                "moderate profile", "correct horse battery staple", KDFProfile.moderate.costs(salt: random.bytes(16)),
                ["Moderate"]),
            try valid(
                "moderate profile, non-ASCII password", "pässwörd 🔑", KDFProfile.moderate.costs(salt: random.bytes(16)),
                ["Moderate"]),
            try valid(
                "moderate profile, empty password", "", KDFProfile.moderate.costs(salt: random.bytes(16)),
                ["Moderate"]),
            try valid(
                "sensitive profile", "correct horse battery staple", KDFProfile.sensitive.costs(salt: random.bytes(16)),
                ["Sensitive"]),
            try valid(
                "p = 2 (libargon2 only)", "correct horse battery staple",
                KDFParameters(memoryKiB: 65536, iterations: 3, parallelism: 2, salt: random.bytes(16)), ["Parallel"]),
        ]
        let negatives = [
            refused("memory one KiB below the floor", m: 65535, t: 3, p: 1, "kdfParameterBelowFloor"),
            refused("memory 8 MiB (a downgrade)", m: 8192, t: 3, p: 1, "kdfParameterBelowFloor"),
            refused("two passes, below the floor", m: 65536, t: 2, p: 1, "kdfParameterBelowFloor"),
            refused("zero lanes", m: 65536, t: 3, p: 0, "kdfParameterBelowFloor"),
            refused("15-byte salt", m: 65536, t: 3, p: 1, saltLength: 15, "kdfParameterBelowFloor"),
            refused("memory one KiB above the 4 GiB cap", m: 4_194_305, t: 3, p: 1, "kdfParameterAboveCap"),
            refused("17 passes, above the cap", m: 65536, t: 17, p: 1, "kdfParameterAboveCap"),
            refused("9 lanes, above the cap", m: 65536, t: 3, p: 9, "kdfParameterAboveCap"),
            refused("every parameter at UInt32.max", m: .max, t: .max, p: .max, "kdfParameterAboveCap"),
        ]
        // Appended after every earlier draw, so the cases above keep their bytes.
        func inputs() throws -> [PasswordDerivationCase] {
            let salt = random.bytes(16)
            return try [
                ("NFC: \"é\" is U+00E9", "caf\u{E9}"),
                ("NFD: \"é\" is U+0065 U+0301; no normalisation, so it differs from the NFC case", "cafe\u{301}"),
                ("a trailing LF is part of the password at this layer (the CLI strips it, §3.1)", "caf\u{E9}\n"),
            ].map { comment, password in
                var test = try valid(
                    "password input: \(comment)", password, KDFProfile.moderate.costs(salt: salt), ["PasswordInput"])
                test.passwordHex = Hex.encode(Array(password.utf8))
                return test
            }
        }
        // Each parameter's floor and cap are checked together, m then t then p: a per-parameter order reports m's
        // cap here, an all-floors-first order would report t's floor.
        let order = [
            refused("m above its cap and t below its floor", m: 4_194_305, t: 2, p: 1, "kdfParameterAboveCap"),
            refused("t above its cap and p below its floor", m: 65536, t: 17, p: 0, "kdfParameterAboveCap"),
            refused("m below its floor and p above its cap", m: 65535, t: 3, p: 9, "kdfParameterBelowFloor"),
        ].map {
            var test = $0
            test.flags = ["KdfPolicyOrder"]
            return test
        }
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Argon2id (v1.3, 32-byte output) at Coffer's profiles and the HKDF-SHA-256 outputs of Spec/accounts.md",
                "\"Password to keys\". Invalid cases must be refused by the KDF policy before the KDF runs.",
            ],
            notes: [
                "Moderate": "m = 64 MiB, t = 3, p = 1 (the floor, RFC 9106 second recommendation)",
                "Sensitive": "m = 256 MiB, t = 4, p = 1",
                "Parallel": "p = 2: libsodium cannot compute it; libargon2 does",
                "PasswordInput":
                    "the password is its UTF-8 bytes exactly as given: no Unicode normalisation, no trimming; "
                    + "the three cases share one salt, so equal bytes would give equal outputs",
                "KdfPolicyOrder":
                    "m is checked (floor, then cap), then t, then p, then the salt length; "
                    + "the first failure is reported",
                "KdfPolicy":
                    "outside floor m >= 65536 KiB, t >= 3, p >= 1, salt 16 bytes; cap m <= 4194304, t <= 16, p <= 8",
            ],
            groups: [
                ("PasswordDerivation", positives), ("KdfPolicy", negatives), ("PasswordInput", try inputs()),
                ("KdfPolicyOrder", order),
            ]
        )
    }
}
