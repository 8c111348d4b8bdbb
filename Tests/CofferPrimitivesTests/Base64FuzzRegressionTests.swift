// SPDX-License-Identifier: MIT
// Regression tests for inputs found by the FuzzBase64 libFuzzer target (FUZZING.md).
import CofferPrimitives
import Testing

@Suite("Base64 fuzz regressions")
struct Base64FuzzRegressionTests {
    /// FuzzBase64 crash-a9d7260843ca78b10822fa270f7ae0ba26b38dbe: the bytes `31 d8`, read as text "1\u{FFFD}", were
    /// accepted. libsodium 1.0.18 reads base64 through a signed `char`, and its constant-time character test maps
    /// some bytes ≥ 0x80 to digits — so non-ASCII text decoded as if it were a different, canonical string.
    @Test(
        "non-ASCII text is never base64",
        arguments: [
            [0x31, 0xD8], [0x41, 0x41, 0x41, 0xD8], [0xEF, 0xBF, 0xBD, 0x41], [0x41, 0x41, 0xC3, 0xA9],
        ] as [[UInt8]])
    func nonASCII(bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for alphabet in [Base64.Alphabet.standard, .urlSafe] {
            #expect(throws: PrimitiveError.self) { try Base64.decode(text, alphabet: alphabet) }
        }
    }

    /// Every scalar from U+0080 to U+07FF and a few wider ones, padded with "A" to whole 4-character groups so that
    /// length and trailing-bit rules cannot be what rejects them: none may decode.
    @Test("no scalar above U+007F is a base64 digit")
    func everyNonASCIIScalar() {
        let scalars = (0x80...0x7FF).compactMap(Unicode.Scalar.init) + ["\u{FFFD}", "\u{20AC}", "\u{1F600}"]
        for scalar in scalars {
            let text = String(Character(scalar)) + String(repeating: "A", count: (4 - scalar.utf8.count % 4) % 4)
            for alphabet in [Base64.Alphabet.standard, .urlSafe] {
                #expect(throws: PrimitiveError.self, "\(text)") { try Base64.decode(text, alphabet: alphabet) }
            }
        }
    }
}
