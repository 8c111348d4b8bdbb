// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Coffer's own primitive vectors: each committed file passes with its exact count, and regenerating it from the
/// published seed reproduces it byte for byte.
@Suite("Generated primitive vectors")
struct GeneratedVectorTests {
    static let expectedCounts: [String: Int] = [
        "base64_canonical.json": 50,
        "bech32_age.json": 20,
        "argon2_backends.json": 20,
        "hkdf_sha256_labels.json": 19,
    ]

    @Test("generated vector file", arguments: expectedCounts.keys.sorted())
    func generatedFile(_ name: String) throws {
        let expected = try #require(Self.expectedCounts[name])
        let path = RepositoryPaths.generated.appendingPathComponent(name)
        let report = try VectorRegistry.run(path: path.path)
        print(
            "\(name): \(report.suite), \(report.passedCount) passed, \(report.failedCount) failed, \(expected) expected"
        )
        #expect(report.declaredCount == expected)
        #expect(report.cases.count == expected)
        #expect(
            report.passedCount == expected,
            "\(report.cases.filter { !$0.passed }.prefix(5).map { "\($0.id): \($0.detail)" })")
        let generator = try #require(GeneratorRegistry.generators.first { $0.fileName == name })
        #expect(try generator.generate() == Data(contentsOf: path), "regenerate with coffer-vectorgen and commit")
    }
}
