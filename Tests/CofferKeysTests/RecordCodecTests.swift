// SPDX-License-Identifier: MIT
import Testing

@testable import CofferKeys

/// The one record codec of Coffer's own formats (Spec/conventions.md, "Records"): what `RecordWriter` writes,
/// `RecordReader` reads back; no input makes the reader trap; the header check runs magic → version → length.
@Suite struct RecordCodecTests {
    /// `0x07 ‖ BE16 ‖ BE32 ‖ BE64 ‖ "CF" ‖ BE32(3) ‖ 3 bytes ‖ 2 raw bytes`.
    static var sample: [UInt8] {
        var writer = RecordWriter()
        writer.append(UInt8(7))
        writer.append(UInt16(0x0102))
        writer.append(UInt32(0x0304_0506))
        writer.append(UInt64(0x0708_090a_0b0c_0d0e))
        writer.append(ascii: "CF")
        writer.append(lengthPrefixed: [0xaa, 0xbb, 0xcc])
        writer.append([0xdd, 0xee])
        return writer.bytes
    }

    /// Reads `sample`'s fields in order, `finish` included.
    static func readSample(_ bytes: [UInt8]) throws(RecordDecodingError) -> [UInt64] {
        var reader = RecordReader(bytes)
        var values: [UInt64] = [UInt64(try reader.byte("tag"))]
        values.append(UInt64(try reader.uint16("short")))
        values.append(UInt64(try reader.uint32("word")))
        values.append(try reader.uint64("long"))
        values.append(UInt64(try reader.take(2, "magic").count))
        values.append(UInt64(try reader.lengthPrefixed("blob", maximum: 3).count))
        values.append(UInt64(try reader.take(2, "tail").count))
        try reader.finish()
        return values
    }

    @Test func writesBigEndianAndReadsItBack() throws {
        #expect(
            Self.sample == [
                7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x43, 0x46, 0, 0, 0, 3, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
            ]
        )
        #expect(try Self.readSample(Self.sample) == [7, 0x0102, 0x0304_0506, 0x0708_090a_0b0c_0d0e, 2, 3, 2])
    }

    /// Every proper prefix fails as `truncated` in the field it ends in: never a trap, never a value.
    @Test func everyTruncationIsATypedErrorNamingItsField() {
        let fields = [
            "tag", "short", "short", "word", "word", "word", "word", "long", "long", "long", "long", "long", "long",
            "long", "long", "magic", "magic", "blob length", "blob length", "blob length", "blob length", "blob",
            "blob", "blob", "tail", "tail",
        ]
        #expect(fields.count == Self.sample.count)
        for count in 0..<Self.sample.count {
            #expect(throws: RecordDecodingError(field: fields[count], problem: .truncated), "prefix of \(count)") {
                try Self.readSample(Array(Self.sample.prefix(count)))
            }
        }
    }

    @Test func trailingBytesAreRefused() {
        #expect(throws: RecordDecodingError(field: "end", problem: .trailingBytes(2))) {
            try Self.readSample(Self.sample + [0, 0])
        }
    }

    /// A length prefix above its field's maximum is refused before anything is allocated or read.
    @Test func aLengthAboveTheMaximumIsRefusedBeforeReading() {
        var reader = RecordReader([0xff, 0xff, 0xff, 0xff])
        #expect(throws: RecordDecodingError(field: "blob", problem: .lengthAboveMaximum(length: .max, maximum: 64))) {
            try reader.lengthPrefixed("blob", maximum: 64)
        }
        var negative = RecordReader([1, 2, 3])
        #expect(throws: RecordDecodingError(field: "count", problem: .truncated)) { try negative.take(-1, "count") }
        #expect(negative.offset == 0)
    }

    @Test func consumedIsThePrefixReadSoFar() throws {
        var reader = RecordReader(Self.sample, offset: 1)
        _ = try reader.uint16("short")
        #expect(reader.consumed == [7, 1, 2])
        #expect(reader.remaining == Self.sample.count - 3)
    }

    /// Magic first, then the version (before the length, so a future version is named as such), then the length.
    @Test func theHeaderCheckRunsMagicThenVersionThenLength() throws {
        let lengths: [UInt8: RecordHeader.Length] = [1: .exactly(8), 2: .atLeast(10)]
        func read(_ bytes: [UInt8]) throws(RecordDecodingError) -> UInt8 {
            try RecordHeader.read(bytes, magic: "CFXX", lengths: lengths).version
        }
        let magic = Array("CFXX".utf8)
        #expect(throws: RecordDecodingError(field: "magic", problem: .missingMagic("CFXX"))) { try read(magic) }
        #expect(throws: RecordDecodingError(field: "magic", problem: .missingMagic("CFXX"))) {
            try read(Array("CFXY".utf8) + [2, 0, 0, 0, 0, 0])
        }
        #expect(throws: RecordDecodingError(field: "version", problem: .unsupportedVersion(3))) {
            try read(magic + [3])
        }
        #expect(throws: RecordDecodingError(field: "length", problem: .wrongLength(actual: 9, expected: 8, version: 1)))
        {
            try read(magic + [1, 0, 0, 0, 0])
        }
        #expect(throws: RecordDecodingError(field: "length", problem: .tooShort(actual: 9, minimum: 10))) {
            try read(magic + [2, 0, 0, 0, 0])
        }
        #expect(try read(magic + [1, 0, 0, 0]) == 1)
        #expect(try read(magic + [2] + [UInt8](repeating: 0, count: 7)) == 2)
        let header = try RecordHeader.read(magic + [1, 9, 9, 9], magic: "CFXX", lengths: lengths)
        #expect(header.reader.offset == 5 && header.reader.remaining == 3)
        #expect(throws: RecordDecodingError(field: "magic", problem: .missingMagic(""))) {
            try RecordHeader.read([], magic: "", lengths: [1: .atLeast(1)])
        }
    }

    /// The account layer's words for the codec's failures: the reasons the account records always gave.
    @Test func keysErrorsKeepTheirWords() {
        let kind = "identity bundle"
        #expect(
            KeysError.decoding(RecordDecodingError(field: "version", problem: .unsupportedVersion(9)), kind: kind)
                == .unsupportedVersion(kind: kind, version: 9))
        #expect(
            KeysError.decoding(RecordDecodingError(field: "magic", problem: .missingMagic("CFIB")), kind: kind)
                == .malformedRecord(kind: kind, reason: "does not start with \"CFIB\""))
        #expect(
            KeysError.decoding(
                RecordDecodingError(field: "length", problem: .wrongLength(actual: 150, expected: 149, version: 1)),
                kind: kind) == .malformedRecord(kind: kind, reason: "is 150 bytes, a version 1 record is 149"))
        #expect(
            KeysError.decoding(RecordDecodingError(field: "nonce", problem: .truncated), kind: kind)
                == .malformedRecord(kind: kind, reason: "ends inside nonce"))
    }
}
