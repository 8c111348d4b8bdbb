// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Runs every `TestVectors/generated/links_*.json` file through the registered runners (the path `coffer vectors
/// verify` takes), one test case per vector, asserting the declared count, and checks that regenerating from the
/// published seed reproduces the committed bytes.
@Suite struct LinkVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestVectors/generated")

    static let files = ["links_share_link.json", "links_file_link.json", "links_folder_link.json"]

    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let tcId: Int
        var testDescription: String { "\(file) tcId \(tcId)" }
    }

    static let cases: [Case] = files.flatMap { file -> [Case] in
        struct Shape: Decodable {
            struct Group: Decodable { let tests: [Test] }
            struct Test: Decodable { let tcId: Int }
            let testGroups: [Group]
        }
        let data = try! Data(contentsOf: directory.appendingPathComponent(file))
        let shape = try! JSONDecoder().decode(Shape.self, from: data)
        return shape.testGroups.flatMap(\.tests).map { Case(file: file, tcId: $0.tcId) }
    }

    static let reports: [String: VectorFileReport] = Dictionary(
        uniqueKeysWithValues: files.map { file in
            (file, try! VectorRegistry.run(path: directory.appendingPathComponent(file).path))
        })

    @Test(arguments: cases)
    func linkVectorCase(_ vector: Case) throws {
        let report = try #require(Self.reports[vector.file])
        let result = try #require(report.cases.first { $0.id == "tcId \(vector.tcId)" })
        #expect(result.passed, "\(result.detail)")
    }

    @Test(arguments: zip(files, [18, 22, 13]))
    func linkVectorFileRunsItsDeclaredCount(_ name: String, _ count: Int) throws {
        let report = try #require(Self.reports[name])
        #expect(report.declaredCount == count)
        #expect(report.cases.count == count)
        #expect(report.passed)
    }

    /// The vocabulary the issue asks for is all there: valid, mistyped, truncated, wrong version, password,
    /// expired, bad signature.
    @Test func linkVectorsCoverEveryRequiredKind() throws {
        let share = try String(contentsOf: Self.directory.appendingPathComponent(Self.files[0]), encoding: .utf8)
        let file = try String(contentsOf: Self.directory.appendingPathComponent(Self.files[1]), encoding: .utf8)
        for flag in ["Typo", "Truncated", "Version"] { #expect(share.contains("\"\(flag)\"")) }
        for expect in ["checksumMismatch", "missingSecret", "unsupportedLinkVersion"] {
            #expect(share.contains("\"expect\" : \"\(expect)\""))
        }
        for expect in ["wrongPassword", "passwordRequired", "linkExpired", "badRecordSignature", "noLinkStanza"] {
            #expect(file.contains("\"expect\" : \"\(expect)\""))
        }
        #expect(share.contains("\"result\" : \"valid\"") && file.contains("\"result\" : \"valid\""))
    }

    @Test(arguments: files)
    func linkRegeneratingReproducesTheCommittedFile(_ name: String) throws {
        let generator = try #require(GeneratorRegistry.generators.first { $0.fileName == name })
        let committed = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        #expect(try generator.generate() == committed)
    }

    @Test func everyLinksFileIsListedHere() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter {
            $0.hasPrefix("links_")
        }
        #expect(Set(onDisk) == Set(Self.files))
    }

    /// A runner that accepted anything would pass every valid case: breaking a valid case must fail it.
    @Test func linkRunnerRejectsAnAlteredValidCase() throws {
        let url = Self.directory.appendingPathComponent(Self.files[1])
        var text = try String(contentsOf: url, encoding: .utf8)
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
