// SPDX-License-Identifier: MIT
import Foundation

/// The shape of every vector file Coffer publishes in `TestVectors/generated/` (documented in
/// `TestVectors/README.md`). It follows Wycheproof: a file has groups, a group has tests, a test has a
/// `tcId`, a `comment`, `flags`, its inputs and outputs as lowercase hex (or plain text where the field
/// name says so), a `result` (`valid` or `invalid`) and, for invalid cases, `expect`: the name of the exact
/// error case a correct implementation must report, one-to-one with the layer's error enum.
package struct CofferVectorFile<Test: Codable & Sendable>: Codable, Sendable {
    /// Selects the runner, e.g. `coffer-hkdf-labels`, `coffer-account-master-key-wrap`.
    package var algorithm: String
    /// Always `coffer_vectors_v1`.
    package var schema: String
    /// The published seed the generator derived every random input from.
    package var seed: String
    /// What the file tests and which Spec section defines it.
    package var header: [String]
    /// Explanation of each flag used by the tests.
    package var notes: [String: String]
    package var numberOfTests: Int
    package var testGroups: [CofferVectorGroup<Test>]

    package init(
        algorithm: String, header: [String], notes: [String: String] = [:], testGroups: [CofferVectorGroup<Test>]
    ) {
        self.algorithm = algorithm
        self.schema = CofferVectorFormat.schema
        self.seed = CofferVectorFormat.seed
        self.header = header
        self.notes = notes
        self.numberOfTests = testGroups.reduce(0) { $0 + $1.tests.count }
        self.testGroups = testGroups
    }
}

/// A group of tests sharing a `type` (and, in the test structs, any parameters).
package struct CofferVectorGroup<Test: Codable & Sendable>: Codable, Sendable {
    package var type: String
    package var tests: [Test]

    package init(type: String, tests: [Test]) {
        self.type = type
        self.tests = tests
    }
}

package enum CofferVectorFormat {
    package static let schema = "coffer_vectors_v1"
    /// The published seed: every random-looking input in a generated file is derived from it (see `DeterministicRandom`).
    package static let seed = "Coffer test vectors v1 - published seed - 2026-11-29"

    /// Deterministic JSON: sorted keys, two-space pretty printing, no escaped slashes, trailing newline.
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// Reads just the `algorithm` field, to pick a runner.
    package static func algorithm(of contents: Data) -> String? {
        struct Probe: Decodable { let algorithm: String? }
        return (try? JSONDecoder().decode(Probe.self, from: contents))?.algorithm
    }
}

/// Lowercase hex, the encoding of every byte field in vector files.
package enum Hex {
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    package static func decode(_ text: String) throws -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else {
            throw VectorError.malformed(path: "", reason: "odd-length hex \"\(text.prefix(16))…\"")
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else {
                throw VectorError.malformed(path: "", reason: "non-hex character in \"\(text.prefix(16))…\"")
            }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
