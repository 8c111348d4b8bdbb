// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `base64_canonical.json` (`coffer-base64-canonical`): canonical unpadded base64 in both alphabets, as age
/// headers (standard) and Coffer links (URL-safe) use it. `valid`: `decode(encoded) = decoded` and
/// `encode(decoded) = encoded`. `invalid`: every non-canonical spelling — padding, whitespace, a character of
/// the other alphabet or of neither, non-zero unused trailing bits, a length ≡ 1 (mod 4) — must be refused
/// with `invalidBase64`.
struct Base64VectorTest: GeneratedVectorTest {
    var tcId: Int
    var comment: String
    var flags: [String]
    /// `standard` (`+/`) or `urlSafe` (`-_`).
    var alphabet: String
    /// The base64 text (plain text, not hex).
    var encoded: String
    /// Hex of the bytes, for valid cases.
    var decoded: String?
    var result: String
    var expect: String?
}

struct Base64VectorGenerator: VectorGenerator {
    let fileName = "base64_canonical.json"

    func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        var number = TestNumbering()
        var groups: [CofferVectorGroup<Base64VectorTest>] = []
        for (name, alphabet, other) in [("standard", Base64.Alphabet.standard, "-"), ("urlSafe", .urlSafe, "+")] {
            var tests: [Base64VectorTest] = []
            func add(_ comment: String, _ flag: String, _ encoded: String, _ decoded: [UInt8]?) {
                tests.append(
                    Base64VectorTest(
                        tcId: number.take(), comment: comment, flags: [flag], alphabet: name, encoded: encoded,
                        decoded: decoded.map(Hex.encode), result: decoded == nil ? "invalid" : "valid",
                        expect: decoded == nil ? "invalidBase64" : nil
                    ))
            }
            for length in [0, 1, 2, 3, 4, 5, 16, 31, 32, 33, 48, 64] {
                let bytes = random.bytes(length)
                add("\(length) random bytes", "Canonical", Base64.encode(bytes, alphabet: alphabet), bytes)
            }
            let highBits = [UInt8](repeating: 0xfb, count: 6) + [0xff, 0xef, 0xbe]
            add(
                "characters 62 and 63 of the alphabet", "Canonical", Base64.encode(highBits, alphabet: alphabet),
                highBits)
            for length in [1, 2] {
                let text = Base64.encode(random.bytes(length), alphabet: alphabet)
                add(
                    "\(length) byte(s) with \"=\" padding", "Padding", text + String(repeating: "=", count: 3 - length),
                    nil)
                add("\(length) byte(s) with a trailing newline", "Whitespace", text + "\n", nil)
                add(
                    "\(length) byte(s) with a space inside", "Whitespace",
                    String(text.prefix(1)) + " " + text.dropFirst(), nil)
                add(
                    "\(length) byte(s) with non-zero unused bits in the last character", "NonCanonicalTrailingBits",
                    Self.settingLowBit(of: text, alphabet: alphabet), nil)
            }
            let text = Base64.encode(random.bytes(6), alphabet: alphabet)
            add(
                "a character of the other alphabet", "ForeignAlphabet",
                String(text.prefix(3)) + other + text.dropFirst(4), nil)
            add(
                "a character of neither alphabet", "InvalidCharacter", String(text.prefix(3)) + "*" + text.dropFirst(4),
                nil)
            add("5 characters: a length of 1 mod 4 encodes no byte string", "ImpossibleLength", text + "A", nil)
            add("padding only", "Padding", "==", nil)
            groups.append(CofferVectorGroup(type: "Base64 \(name)", tests: tests))
        }
        return try CofferVectorFormat.encode(
            CofferVectorFile(
                algorithm: "coffer-base64-canonical",
                header: [
                    "Canonical unpadded base64 (RFC 4648 sections 4 and 5, no padding) as Coffer decodes it.",
                    "A decoder must accept exactly the strings its encoder produces; everything else is invalidBase64.",
                ],
                notes: [
                    "Canonical": "the one encoding of the bytes",
                    "Padding": "'=' padding, which Coffer and age never write",
                    "Whitespace": "spaces or line breaks inside or around the text",
                    "NonCanonicalTrailingBits": "the unused low bits of the last character are not zero",
                    "ForeignAlphabet": "a character of the other base64 alphabet",
                    "InvalidCharacter": "a character of neither alphabet",
                    "ImpossibleLength": "a length of 1 mod 4, which no byte string encodes to",
                ],
                testGroups: groups
            ))
    }

    /// The same text with the lowest bit of its last character's 6-bit value set (always an unused bit for a
    /// text of length 2 or 3 mod 4).
    private static func settingLowBit(of text: String, alphabet: Base64.Alphabet) -> String {
        let characters = Array(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + (alphabet == .standard ? "+/" : "-_"))
        let index = characters.firstIndex(of: text.last!)!
        return String(text.dropLast()) + String(characters[index | 1])
    }
}

struct Base64VectorRunner: GeneratedVectorRunner {
    let algorithm = "coffer-base64-canonical"

    private func alphabet(_ test: Base64VectorTest) throws -> Base64.Alphabet {
        switch test.alphabet {
        case "standard": .standard
        case "urlSafe": .urlSafe
        default: throw VectorError.malformed(path: "", reason: "unknown alphabet \(test.alphabet)")
        }
    }

    func checkValid(_ test: Base64VectorTest, id: String) throws -> VectorCaseResult {
        let expected = try Hex.decode(test.decoded ?? "")
        return Check.all(
            id,
            [
                Check.equal(
                    id, try Base64.decode(test.encoded, alphabet: try alphabet(test)), expected, "decoded bytes"),
                Check.equal(
                    id, Array(Base64.encode(expected, alphabet: try alphabet(test)).utf8), Array(test.encoded.utf8),
                    "encoding"),
            ])
    }

    func outcome(_ test: Base64VectorTest) throws -> String {
        let alphabet = try alphabet(test)
        return outcomeName { () throws(PrimitiveError) in _ = try Base64.decode(test.encoded, alphabet: alphabet) }
    }
}
