// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

@Suite("Bech32 as age uses it")
struct Bech32Tests {
    @Test("round-trip, including strings far over 90 characters", arguments: [0, 1, 20, 32, 57, 200, 1216])
    func roundTrip(_ length: Int) throws {
        let data = SecureRandom.bytes(count: length)
        let text = Bech32.encode(humanReadablePart: "age", data: data)
        if length >= 57 { #expect(text.count > 90) }
        let decoded = try Bech32.decode(text)
        #expect(decoded.humanReadablePart == "age")
        #expect(decoded.data == data)
        #expect(try Bech32.decode(text, expecting: "age") == data)
    }

    @Test func uppercaseRoundTrips() throws {
        let data = SecureRandom.bytes(count: 32)
        let text = Bech32.encode(humanReadablePart: "AGE-SECRET-KEY-", data: data, uppercase: true)
        #expect(text.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(text == text.uppercased())
        #expect(try Bech32.decode(text, expecting: "age-secret-key-") == data)
        #expect(try Bech32.decode(text.lowercased(), expecting: "AGE-SECRET-KEY-") == data)
    }

    @Test func mixedCaseIsRefused() {
        let text = Bech32.encode(humanReadablePart: "age", data: SecureRandom.bytes(count: 32))
        let mixed = "AGE" + text.dropFirst(3)
        #expect(throws: PrimitiveError.invalidBech32(.mixedCase)) { try Bech32.decode(mixed) }
    }

    @Test func checksumErrorIsTyped() {
        let text = Bech32.encode(humanReadablePart: "age", data: SecureRandom.bytes(count: 32))
        let last = text.last!
        let broken = String(text.dropLast()) + (last == "q" ? "p" : "q")
        #expect(throws: PrimitiveError.invalidBech32(.checksumMismatch)) { try Bech32.decode(broken) }
    }

    @Test func wrongPrefixIsTyped() {
        let text = Bech32.encode(humanReadablePart: "age", data: SecureRandom.bytes(count: 32))
        #expect(
            throws: PrimitiveError.invalidBech32(.wrongHumanReadablePart(expected: "age-secret-key-", actual: "age"))
        ) {
            try Bech32.decode(text, expecting: "age-secret-key-")
        }
    }
}
