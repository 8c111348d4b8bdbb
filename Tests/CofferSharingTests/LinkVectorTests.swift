// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Runs every `TestVectors/generated/links_*.json` file through the registered runners (the path `coffer vectors
/// verify` takes; `GeneratedVectorSet`), one test case per vector, asserting the declared count, and checks that
/// regenerating from the published seed reproduces the committed bytes.
@Suite struct LinkVectorTests {
    static let vectors = GeneratedVectorSet.committed([
        "links_share_link.json", "links_file_link.json", "links_folder_link.json",
    ])

    @Test(arguments: vectors.cases)
    func linkVectorCase(_ vector: GeneratedVectorSet.Case) throws {
        let result = try #require(Self.vectors.result(of: vector))
        #expect(result.passed, "\(result.detail)")
    }

    @Test(arguments: zip(vectors.files, [18, 26, 19]))
    func linkVectorFileRunsItsDeclaredCount(_ name: String, _ count: Int) throws {
        let report = try #require(Self.vectors.reports[name])
        #expect(report.declaredCount == count)
        #expect(report.cases.count == count)
        #expect(report.passed)
    }

    /// The vocabulary the issue asks for is all there: valid, mistyped, truncated, wrong version, password,
    /// expired, bad signature.
    @Test func linkVectorsCoverEveryRequiredKind() throws {
        let share = try Self.vectors.text(Self.vectors.files[0])
        let file = try Self.vectors.text(Self.vectors.files[1])
        for flag in ["Typo", "Truncated", "Version"] { #expect(share.contains("\"\(flag)\"")) }
        for expect in ["checksumMismatch", "missingSecret", "unsupportedLinkVersion"] {
            #expect(share.contains("\"expect\" : \"\(expect)\""))
        }
        for expect in ["wrongPassword", "passwordRequired", "linkExpired", "badRecordSignature", "noLinkStanza"] {
            #expect(file.contains("\"expect\" : \"\(expect)\""))
        }
        #expect(share.contains("\"result\" : \"valid\"") && file.contains("\"result\" : \"valid\""))
    }

    @Test(arguments: vectors.files)
    func linkRegeneratingReproducesTheCommittedFile(_ name: String) throws {
        #expect(try Self.vectors.regenerates(name))
    }

    @Test func everyLinksFileIsListedHere() throws {
        #expect(try Self.vectors.filesOnDisk(prefix: "links_") == Set(Self.vectors.files))
    }

    /// A runner that accepted anything would pass every valid case: breaking a valid case must fail it.
    @Test func linkRunnerRejectsAnAlteredValidCase() throws {
        var text = try Self.vectors.text(Self.vectors.files[1])
        let marker = "\"plaintext\" : \""
        let range = try #require(text.range(of: marker))
        let index = range.upperBound
        text.replaceSubrange(index...index, with: text[index] == "0" ? "1" : "0")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString).json")
        try text.write(to: scratch, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = try VectorRegistry.run(path: scratch.path)
        #expect(!report.passed)
        #expect(report.failedCount == 1)
    }
}
