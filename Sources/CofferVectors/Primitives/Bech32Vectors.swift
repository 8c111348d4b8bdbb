// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `bech32_age.json` (`coffer-bech32-age`): Bech32 as the age specification uses it — BIP 173 checksum, no length
/// limit, all-lowercase or all-uppercase. `valid`: `decode(encoded) = (hrp, data)`, `decode(encoded, expecting:
/// hrp)` succeeds and `encode(hrp, data)` in the same case gives `encoded` back. `invalid`: decoding (with
/// `expectedHRP` when present) must fail with exactly `expect`, an `invalidBech32.<Bech32Failure>` name.
struct Bech32VectorTest: GeneratedVectorTest {
    var tcId: Int
    var comment: String
    var flags: [String]
    /// The text (plain, not hex).
    var encoded: String
    /// For valid cases: the human-readable part (as written: upper or lower case) and the data bytes in hex.
    var hrp: String?
    var data: String?
    /// When present, the decoder is asked for this human-readable part (`Bech32.decode(_:expecting:)`).
    var expectedHRP: String?
    var result: String
    var expect: String?
}

struct Bech32VectorGenerator: VectorGenerator {
    let fileName = "bech32_age.json"

    func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        var number = TestNumbering()
        var valid: [Bech32VectorTest] = []
        var invalid: [Bech32VectorTest] = []
        func good(_ comment: String, _ flag: String, hrp: String, _ data: [UInt8], uppercase: Bool = false) {
            let encoded = Bech32.encode(humanReadablePart: hrp, data: data, uppercase: uppercase)
            precondition(
                encoded.lowercased()
                    == Bech32Reference.encode(hrp: hrp.lowercased(), values: Bech32Reference.fiveBit(data)),
                "Bech32.encode disagrees with the independent reference encoder")
            valid.append(
                Bech32VectorTest(
                    tcId: number.take(), comment: comment, flags: [flag], encoded: encoded,
                    hrp: uppercase ? hrp.uppercased() : hrp, data: Hex.encode(data), result: "valid"
                ))
        }
        func bad(_ comment: String, _ flag: String, _ encoded: String, _ failure: String, expectedHRP: String? = nil) {
            invalid.append(
                Bech32VectorTest(
                    tcId: number.take(), comment: comment, flags: [flag], encoded: encoded, expectedHRP: expectedHRP,
                    result: "invalid", expect: "invalidBech32.\(failure)"
                ))
        }
        good("an age recipient: 32 bytes under age", "Recipient", hrp: "age", random.bytes(32))
        good(
            "an age identity: 32 bytes under AGE-SECRET-KEY-, uppercase", "Uppercase", hrp: "age-secret-key-",
            random.bytes(32), uppercase: true)
        good("a plugin-style prefix with digits", "Recipient", hrp: "age1example", random.bytes(20))
        good("no data", "Empty", hrp: "age", [])
        good("one byte", "Short", hrp: "age", random.bytes(1))
        for length in [60, 100, 1216] {
            good(
                "\(length) bytes: longer than BIP 173's 90 characters, which age allows", "Long", hrp: "age",
                random.bytes(length))
        }
        good("1216 bytes, uppercase", "Long", hrp: "age-secret-key-pq-", random.bytes(1216), uppercase: true)

        let sample = Bech32.encode(humanReadablePart: "age", data: random.bytes(32))
        let dataStart = sample.index(after: sample.firstIndex(of: "1")!)
        let position = sample.index(dataStart, offsetBy: 10)
        func replacing(_ character: Character) -> String {
            var text = sample
            text.replaceSubrange(position...position, with: String(character))
            return text
        }
        let original = sample[position]
        let letter = sample[dataStart...].first { $0.isLetter }!
        let upperOne = sample.replacingCharacters(
            in: sample[dataStart...].firstIndex(of: letter)!...sample[dataStart...].firstIndex(of: letter)!,
            with: letter.uppercased()
        )
        bad("one data character in uppercase", "MixedCase", upperOne, "mixedCase")
        bad(
            "one data character changed", "BadChecksum",
            replacing(original == "q" ? "p" : "q"), "checksumMismatch")
        bad(
            "the last character changed", "BadChecksum", String(sample.dropLast()) + (sample.last == "q" ? "p" : "q"),
            "checksumMismatch")
        bad("'b' is not in the Bech32 alphabet", "InvalidCharacter", replacing("b"), "invalidDataCharacter")
        bad(
            "no separator", "MissingSeparator", sample.replacingOccurrences(of: "age1", with: "age"), "missingSeparator"
        )
        bad("empty human-readable part", "EmptyPrefix", String(sample.dropFirst(3)), "emptyHumanReadablePart")
        bad(
            "a space in the human-readable part", "InvalidPrefix", "a e" + sample.dropFirst(3),
            "invalidHumanReadableCharacter")
        bad("fewer than 6 data characters", "ShortChecksum", "age1qpzry", "tooShortChecksum")
        bad(
            "recipient given where an identity is expected", "WrongPrefix", sample, "wrongHumanReadablePart",
            expectedHRP: "age-secret-key-")
        let oneByte = Bech32Reference.fiveBit([random.bytes(1)[0]])
        bad(
            "1 byte whose 2 padding bits are not zero", "NonZeroPadding",
            Bech32Reference.encode(hrp: "age", values: [oneByte[0], oneByte[1] | 1]), "nonZeroPadding")
        bad(
            "1 byte followed by an extra all-zero 5-bit group (7 padding bits)", "ExcessPadding",
            Bech32Reference.encode(hrp: "age", values: oneByte + [0]), "excessPadding")
        return try CofferVectorFormat.encode(
            CofferVectorFile(
                algorithm: "coffer-bech32-age",
                header: [
                    "Bech32 (BIP 173 checksum) as the age specification uses it: no 90-character limit,",
                    "all-lowercase or all-uppercase, 8-bit data regrouped into 5-bit characters",
                    "with at most 4 zero padding bits.",
                ],
                notes: [
                    "Recipient": "an age-style string", "Uppercase": "all-uppercase, as age writes identities",
                    "Empty": "no data", "Short": "one byte", "Long": "over 90 characters",
                    "MixedCase": "upper and lower case mixed", "BadChecksum": "a changed character",
                    "InvalidCharacter": "a character outside the Bech32 alphabet", "MissingSeparator": "no '1'",
                    "EmptyPrefix": "nothing before the separator", "InvalidPrefix": "a byte outside 33...126",
                    "ShortChecksum": "fewer than 6 characters after the separator",
                    "WrongPrefix": "a different human-readable part than the one asked for",
                    "NonZeroPadding": "padding bits that are not zero", "ExcessPadding": "5 or more padding bits",
                ],
                testGroups: [
                    CofferVectorGroup(type: "Bech32Valid", tests: valid),
                    CofferVectorGroup(type: "Bech32Invalid", tests: invalid),
                ]
            ))
    }
}

struct Bech32VectorRunner: GeneratedVectorRunner {
    let algorithm = "coffer-bech32-age"

    func checkValid(_ test: Bech32VectorTest, id: String) throws -> VectorCaseResult {
        guard let hrp = test.hrp, let dataHex = test.data else {
            return VectorCaseResult(id: id, passed: false, detail: "valid case without hrp and data")
        }
        let data = try Hex.decode(dataHex)
        let decoded = try Bech32.decode(test.encoded)
        let uppercase = hrp == hrp.uppercased() && hrp != hrp.lowercased()
        return Check.all(
            id,
            [
                VectorCaseResult(
                    id: id, passed: decoded.humanReadablePart == hrp.lowercased(), detail: "decoded prefix differs"),
                Check.equal(id, decoded.data, data, "decoded data"),
                Check.equal(
                    id, try Bech32.decode(test.encoded, expecting: hrp), data, "data decoded with the expected prefix"),
                Check.equal(
                    id, Array(Bech32.encode(humanReadablePart: hrp, data: data, uppercase: uppercase).utf8),
                    Array(test.encoded.utf8), "encoding"),
            ])
    }

    func outcome(_ test: Bech32VectorTest) throws -> String {
        outcomeName { () throws(PrimitiveError) in
            if let expected = test.expectedHRP {
                _ = try Bech32.decode(test.encoded, expecting: expected)
            } else {
                _ = try Bech32.decode(test.encoded)
            }
        }
    }
}
