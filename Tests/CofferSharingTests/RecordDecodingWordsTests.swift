// SPDX-License-Identifier: MIT
import CofferKeys
import Testing

@testable import CofferSharing

/// The vault and link layers turn the shared codec's failures into their own errors with the words they gave
/// before the codec was shared: the reasons the vectors' `expect` values name, and the same texts.
@Suite struct RecordDecodingWordsTests {
    static func failure(_ field: String, _ problem: RecordDecodingError.Problem) -> RecordDecodingError {
        RecordDecodingError(field: field, problem: problem)
    }

    @Test func vaultErrors() {
        let kind = "node"
        #expect(
            VaultError.decoding(Self.failure("version", .unsupportedVersion(2)), kind: kind)
                == .unsupportedVersion(kind: kind, version: 2))
        let cases: [(RecordDecodingError, String)] = [
            (Self.failure("magic", .missingMagic("CFVN")), "does not start with \"CFVN\""),
            (Self.failure("length", .tooShort(actual: 5, minimum: 85)), "is 5 bytes, shorter than any node record"),
            (Self.failure("tree owner", .truncated), "ends inside tree owner"),
            (
                Self.failure("sealed metadata", .lengthAboveMaximum(length: 2000, maximum: 1280)),
                "sealed metadata length 2000 exceeds 1280"
            ),
            (Self.failure("end", .trailingBytes(3)), "3 trailing bytes"),
            (Self.failure("signer id", .invalid("has a malformed signer id")), "has a malformed signer id"),
        ]
        for (failure, reason) in cases {
            #expect(VaultError.decoding(failure, kind: kind) == .malformedRecord(kind: kind, reason: reason))
        }
    }

    @Test func linkErrors() {
        #expect(LinkError.decoding(Self.failure("version", .unsupportedVersion(3))) == .unsupportedRecordVersion(3))
        #expect(LinkError.decoding(Self.failure("magic", .missingMagic(""))) == .malformedLinkStanza("empty record"))
        #expect(
            LinkError.decoding(Self.failure("length", .tooShort(actual: 59, minimum: 60)))
                == .malformedLinkStanza("record has 59 bytes, expected at least 60"))
        #expect(
            LinkError.decoding(Self.failure("KDF parameters", .truncated))
                == .malformedLinkStanza("record ends inside its KDF parameters"))
        #expect(
            LinkError.decoding(Self.failure("KDF flag", .invalid("unknown KDF flag 7")))
                == .malformedLinkStanza("unknown KDF flag 7"))
    }

    /// Whole records through the readers: the envelope's header order (Spec/vault.md §2's example) and a link
    /// record's.
    @Test func readersReportTheSameReasons() {
        #expect(throws: VaultError.unsupportedVersion(kind: "node", version: 2)) {
            try NodeRecord(parsing: Array("CFVN".utf8) + [2])
        }
        #expect(throws: VaultError.malformedRecord(kind: "node", reason: "does not start with \"CFVN\"")) {
            try NodeRecord(parsing: Array("CFVO".utf8) + [2])
        }
        #expect(throws: VaultError.malformedRecord(kind: "node", reason: "is 5 bytes, shorter than any node record")) {
            try NodeRecord(parsing: Array("CFVN".utf8) + [1])
        }
        #expect(throws: LinkError.malformedLinkStanza("empty record")) { try LinkEnvelope(parsing: []) }
        #expect(throws: LinkError.unsupportedRecordVersion(3)) { try LinkEnvelope(parsing: [3]) }
        #expect(throws: LinkError.malformedLinkStanza("record has 10 bytes, expected at least 60")) {
            try LinkEnvelope(parsing: [1] + [UInt8](repeating: 0, count: 9))
        }
    }
}
