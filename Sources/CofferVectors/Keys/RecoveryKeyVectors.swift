// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// `keys_recovery_key.json`: the written form of recovery keys (Spec/accounts.md, "Recovery key"). A typo
/// must be reported as `recoveryKeyMistyped`, a string that is not a recovery key as `recoveryKeyMalformed`.
package struct RecoveryKeyCase: KeysVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// What the user typed.
    package var written: String
    package var key: String?
    /// The canonical written form of `key` (valid cases).
    package var canonical: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try RecoveryKey(writtenForm: written)
        return KeysVectors.compare("key", parsed.secret.revealedBytes(), key ?? "")
            ?? KeysVectors.compare("canonical written form", parsed.writtenForm, canonical ?? "")
    }
}

package struct RecoveryKeyGenerator: VectorGenerator {
    package let fileName = "keys_recovery_key.json"
    package static let algorithm = "coffer-keys-recovery-key"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let key = try RecoveryKey(random.secret(32))
        let canonical = key.writtenForm
        let compact = canonical.replacingOccurrences(of: " ", with: "")
        let hex = Hex.encode(key.secret.revealedBytes())
        func valid(_ comment: String, _ written: String, _ flags: [String] = []) -> RecoveryKeyCase {
            RecoveryKeyCase(
                comment: comment, flags: flags, written: written, key: hex, canonical: canonical, result: "valid")
        }
        func invalid(_ comment: String, _ written: String, _ expect: String, _ flags: [String]) -> RecoveryKeyCase {
            RecoveryKeyCase(comment: comment, flags: flags, written: written, result: "invalid", expect: expect)
        }
        var chars = Array(compact)
        let prefix = 16
        let position = prefix + 20
        chars[position] = chars[position] == "Q" ? "P" : "Q"
        let changed = String(chars)
        chars = Array(compact)
        var swapAt = prefix + 30
        while chars[swapAt] == chars[swapAt + 1] { swapAt += 1 }
        chars.swapAt(swapAt, swapAt + 1)
        let swapped = String(chars)
        let other = try RecoveryKey(random.secret(32))
        let positives = [
            valid("canonical written form", canonical),
            valid("lowercase", canonical.lowercased(), ["CaseInsensitive"]),
            valid("no spaces", compact, ["Spacing"]),
            valid("line breaks and tabs", compact.prefix(30) + "\n\t" + compact.dropFirst(30), ["Spacing"]),
            RecoveryKeyCase(
                comment: "another key", flags: [], written: other.writtenForm,
                key: Hex.encode(other.secret.revealedBytes()), canonical: other.writtenForm, result: "valid"),
        ]
        let mistyped = "recoveryKeyMistyped"
        let negatives = [
            invalid("one character changed", changed, mistyped, ["Typo"]),
            invalid("two neighbours swapped", swapped, mistyped, ["Typo"]),
            invalid("last group missing", String(compact.dropLast(2)), mistyped, ["Typo"]),
            invalid("one character missing", String(compact.prefix(40) + compact.dropFirst(41)), mistyped, ["Typo"]),
            invalid(
                "one character extra", String(compact.prefix(40) + "Q" + compact.dropFirst(40)), mistyped, ["Typo"]),
            invalid(
                "an age secret key", "AGE-SECRET-KEY-1" + String(compact.dropFirst(prefix)), "recoveryKeyMalformed",
                ["Foreign"]),
            invalid(
                "letter O for zero", String(compact.prefix(20)) + "O" + String(compact.dropFirst(21)),
                "recoveryKeyMalformed",
                ["Alphabet"]),
            invalid(
                "a 16-byte key with a valid checksum",
                Bech32.encode(humanReadablePart: "coffer-recovery", data: random.bytes(16), uppercase: true),
                mistyped, ["Length"]),
            invalid("empty", "", "recoveryKeyMalformed", ["Foreign"]),
        ]
        return try KeysVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Recovery keys as written down: Bech32, prefix COFFER-RECOVERY1, uppercase groups of four",
                "(Spec/accounts.md, \"Recovery key\"). Readers ignore case and white space.",
            ],
            notes: [
                "CaseInsensitive": "readers accept any case", "Spacing": "readers ignore spaces, tabs and line breaks",
                "Typo": "a change a person makes when copying; must be reported as mistyped, never as a wrong key",
                "Foreign": "not a Coffer recovery key", "Alphabet": "Bech32 has no 1, B, I or O after the separator",
                "Length": "the data part must be exactly 58 characters (256 bits + checksum)",
            ],
            groups: [("RecoveryKey", positives), ("Refused", negatives)]
        )
    }
}
