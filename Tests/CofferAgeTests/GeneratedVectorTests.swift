// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Coffer's own age-file vectors (TestVectors/generated/age_v1_files.json), one test case per tcId.
@Suite("Generated age v1 file vectors")
struct GeneratedVectorTests {
    static let path = Support.vectorPath("generated/age_v1_files.json")
    static let file: CofferVectorFile<AgeFileVectorTest>? = {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(CofferVectorFile<AgeFileVectorTest>.self, from: data)
    }()
    static let tests = file?.testGroups.flatMap(\.tests) ?? []

    @Test("the file declares as many tests as it holds, and at least 24")
    func count() throws {
        let file = try #require(GeneratedVectorTests.file)
        #expect(GeneratedVectorTests.tests.count == file.numberOfTests)
        #expect(file.numberOfTests >= 24)
    }

    @Test("each case gives its exact AgeError and released plaintext", arguments: tests.map(\.tcId))
    func vector(tcId: Int) {
        let test = GeneratedVectorTests.tests.first { $0.tcId == tcId }!
        let result = AgeFileVectorRunner.run(test)
        #expect(result.passed, "tcId \(tcId) (\(test.comment)): \(result.detail)")
    }

    @Test("regenerating from the published seed reproduces the committed file")
    func regenerate() throws {
        let committed = try #require(FileManager.default.contents(atPath: GeneratedVectorTests.path))
        #expect(try AgeFileVectorGenerator().generate() == committed)
    }
}
