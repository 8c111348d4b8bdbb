// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Testing

@Suite("Header model")
struct HeaderTests {
    static func parse(_ text: [UInt8]) throws -> Header {
        try HeaderParser.parse(from: BufferedSource(MemorySource(text)))
    }

    @Test(
        "bodies of 0, 1, 47, 48, 49, 96 and 200 bytes wrap at 64 columns and round-trip",
        arguments: [0, 1, 47, 48, 49, 96, 200])
    func bodyWrapping(size: Int) throws {
        let stanza = try Stanza(type: "coffer.dev/test", arguments: ["a", "b"], body: Support.bytes(size))
        let header = Header(stanzas: [stanza], fileKey: .generate())
        let encoded = header.encoded
        let lines = String(decoding: encoded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        // version, stanza line, full lines, the final short line, MAC line, and "" after the last LF.
        #expect(lines.count == 2 + size / 48 + 1 + 1 + 1)
        #expect(lines[2 + size / 48].count < 64)
        #expect(try HeaderTests.parse(encoded) == header)
        #expect(try HeaderTests.parse(encoded).encoded == encoded)
    }

    @Test("the MAC covers the header up to and including ---, keyed by HKDF(fileKey, \"header\")")
    func macVerifies() throws {
        let fileKey = FileKey.generate()
        let header = Header(stanzas: [try Stanza(type: "x", body: [1, 2, 3])], fileKey: fileKey)
        try header.verifyMAC(fileKey: fileKey)
        #expect(throws: AgeError.headerMACMismatch) { try header.verifyMAC(fileKey: .generate()) }
        let altered = Header(stanzas: [try Stanza(type: "y", body: [1, 2, 3])], mac: header.mac)
        #expect(throws: AgeError.headerMACMismatch) { try altered.verifyMAC(fileKey: fileKey) }
    }

    @Test(
        "grammar violations are header failures",
        arguments: [
            "age-encryption.org/v1\n--- \n",
            "age-encryption.org/v1\n-> X25519\n",
            "age-encryption.org/v1\n->  X\n\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
            "age-encryption.org/v2\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
            "age-encryption.org/v1\r\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
            "",
        ])
    func malformed(text: String) {
        let error = Support.ageError { _ = try HeaderTests.parse(Array(text.utf8)) }
        #expect(error?.outcome == .headerFailure, "\(String(describing: error))")
    }

    @Test("stanza arguments must be non-empty printable ASCII")
    func stanzaArguments() {
        #expect(throws: AgeError.self) { try Stanza(type: "", body: []) }
        #expect(throws: AgeError.self) { try Stanza(type: "a b", body: []) }
        #expect(throws: Never.self) { try Stanza(type: "coffer.dev/link", arguments: ["!~"], body: []) }
    }

    @Test("a header larger than the cap is refused without reading it all")
    func headerCap() {
        var text = Array("age-encryption.org/v1\n-> x\n".utf8)
        text += [UInt8](repeating: UInt8(ascii: "A"), count: HeaderParser.maximumHeaderByteCount + 10)
        #expect(
            Support.ageError { _ = try HeaderTests.parse(text) }
                == .headerTooLarge(maximum: HeaderParser.maximumHeaderByteCount))
    }
}
