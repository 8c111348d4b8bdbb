// SPDX-License-Identifier: MIT
// The minimum a new account passphrase must meet. It guards against the obvious mistakes (`x`, `short`, `aaaa…`),
// not against a determined guesser: Argon2id does the rest, and a passphrase of several words is the advice.
import CofferPrimitives

enum PassphraseStrength {
    static let minimumCharacters = 12
    static let minimumDistinct = 5

    /// The rule as `--help` and the refusal state it.
    static let rule = "at least \(minimumCharacters) characters, at least \(minimumDistinct) of them different"

    /// Refuses a new passphrase shorter than the rule. Characters are Unicode code points of the UTF-8 bytes,
    /// counted without making a `String` of the secret; the working copy is zeroed.
    static func check(_ secret: SecretBytes) throws {
        var scalars = secret.withUnsafeBytes { bytes in
            // A code point starts at every byte that is not a UTF-8 continuation byte (10xxxxxx).
            var starts: [UInt32] = []
            starts.reserveCapacity(bytes.count)  // never reallocated, so no unzeroed copy is left behind
            var current: UInt32 = 0
            var started = false
            for byte in bytes {
                if byte & 0xC0 == 0x80 {
                    current = current << 6 | UInt32(byte & 0x3F)
                } else {
                    if started { starts.append(current) }
                    (current, started) = (UInt32(byte), true)
                }
            }
            if started { starts.append(current) }
            return starts
        }
        defer { for index in scalars.indices { scalars[index] = 0 } }
        // Distinct code points counted in place (a Set would be a copy nobody zeroes).
        scalars.sort()
        var distinct = scalars.isEmpty ? 0 : 1
        for index in scalars.indices.dropFirst() where scalars[index] != scalars[index - 1] { distinct += 1 }
        guard scalars.count >= minimumCharacters, distinct >= minimumDistinct else {
            throw CLIFailure(
                message: "the new passphrase is too weak: it must have \(rule)",
                hints: ["use several words, e.g. four random words from a dictionary; nothing was changed"])
        }
    }

    /// `account passwd`: the new passphrase must differ from the current one (compared in constant time).
    static func checkChanged(current: SecretBytes, new: SecretBytes) throws {
        if current == new {
            throw CLIFailure(
                message: "the new passphrase is the same as the current one; nothing was changed",
                hints: ["choose a different passphrase"])
        }
    }
}
