// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

@Suite("Canonical base64")
struct Base64Tests {
    static let invalidStandard = [
        "AA==", "AAE=", "=", "AA A", "AAA\n", " AAA", "AA\tA", "A*AA", "AA.A", "AA-A", "AA_A", "AB", "AAB", "AAAAA",
        "A",
    ]

    @Test("non-canonical standard base64 is refused", arguments: invalidStandard)
    func refusesNonCanonical(_ text: String) {
        #expect {
            try Base64.decode(text, alphabet: .standard)
        } throws: { error in
            guard case .invalidBase64 = (error as? PrimitiveError)?.reason else { return false }
            return true
        }
    }

    @Test func urlSafeRefusesTheStandardAlphabetAndViceVersa() throws {
        #expect(throws: PrimitiveError.self) { try Base64.decode("AA+A", alphabet: .urlSafe) }
        #expect(throws: PrimitiveError.self) { try Base64.decode("AA/A", alphabet: .urlSafe) }
        #expect(throws: PrimitiveError.self) { try Base64.decode("AA-A", alphabet: .standard) }
        let urlSafe = try Base64.decode("AA-_", alphabet: Base64.Alphabet.urlSafe)
        let standard = try Base64.decode("AA+/", alphabet: Base64.Alphabet.standard)
        #expect(urlSafe == [0x00, 0x0f, 0xbf])
        #expect(standard == [0x00, 0x0f, 0xbf])
    }

    @Test("both alphabets round-trip", arguments: [Base64.Alphabet.standard, .urlSafe])
    func roundTrip(_ alphabet: Base64.Alphabet) throws {
        for length in 0...70 {
            let bytes = SecureRandom.bytes(count: length)
            let text = Base64.encode(bytes, alphabet: alphabet)
            #expect(!text.contains("="))
            #expect(text.count == (length * 4 + 2) / 3)
            #expect(try Base64.decode(text, alphabet: alphabet) == bytes)
        }
    }

    @Test func trailingBitsMustBeZero() throws {
        #expect(try Base64.decode("AA") == [0])
        #expect(try Base64.decode("AAA") == [0, 0])
        for text in ["AB", "AP", "AAB", "AAD"] {
            #expect(throws: PrimitiveError.self) { try Base64.decode(text) }
        }
    }
}
