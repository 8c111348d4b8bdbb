// SPDX-License-Identifier: MIT
import Testing

@testable import CofferServer

/// `ByteRange.parse` (RFC 9110 §14, one range; Spec/server.md §5.2) reads the header's bytes: every form it serves,
/// and every malformed or multiple range served whole.
@Suite struct ByteRangeTests {
    @Test(arguments: [
        ("bytes=0-9", ByteRange.part(0...9)),
        ("bytes=100-199", .part(100...199)),
        ("bytes= 100-199 ", .part(100...199)),
        ("bytes=\t5-5\t", .part(5...5)),
        ("bytes=4000-", .part(4000...4999)),
        ("bytes=4990-99999", .part(4990...4999)),
        ("bytes=-10", .part(4990...4999)),
        ("bytes=-99999", .part(0...4999)),
        ("bytes=5000-", .unsatisfiable),
        ("bytes=5000-5001", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=9-5", .whole),
        ("bytes=-", .whole),
        ("bytes=0-9,20-29", .whole),
        ("bytes=1 0-9", .whole),
        ("bytes=+1-9", .whole),
        ("bytes=٣-9", .whole),
        ("bytes=1234567890123456789-", .whole),
        ("bytes=123456789012345678-", .unsatisfiable),
        ("items=0-9", .whole),
        ("Bytes=0-9", .whole),
        ("", .whole),
    ])
    func parsesOneRangeOfAFiveThousandByteFile(_ header: String, _ expected: ByteRange) {
        #expect(ByteRange.parse(header, size: 5000) == expected, "\(header)")
    }

    @Test func anEmptyFileHasNoSatisfiableRangeAndNoHeaderIsTheWholeFile() {
        #expect(ByteRange.parse("bytes=-10", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse(nil, size: 0) == .whole)
        #expect(ByteRange.parse(nil, size: 10) == .whole)
    }
}
