// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Runs every `TestVectors/generated/vault_*.json` file through the registered runners (the same path as
/// `coffer vectors verify`), asserting each case and the declared count, and checks that regenerating from
/// the published seed reproduces the committed bytes.
@Suite struct VaultVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestVectors/generated")

    static let files = [
        "vault_folder_key_stanza.json", "vault_node_record.json", "vault_manifest.json", "vault_share_record.json",
        "vault_folder_keyring.json",
    ]

    /// One vector case: the file and its `tcId`.
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let tcId: Int
        var testDescription: String { "\(file) tcId \(tcId)" }
    }

    /// Every case of every file, read from the files themselves (so a new case becomes a new test case).
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

    /// Each file run once through `VectorRegistry` (the path `coffer vectors verify` takes).
    static let reports: [String: VectorFileReport] = Dictionary(
        uniqueKeysWithValues: files.map { file in
            (file, try! VectorRegistry.run(path: directory.appendingPathComponent(file).path))
        })

    @Test(arguments: cases)
    func vectorCase(_ vector: Case) throws {
        let report = try #require(Self.reports[vector.file])
        let result = try #require(report.cases.first { $0.id == "tcId \(vector.tcId)" })
        #expect(result.passed, "\(result.detail)")
    }

    @Test(arguments: files)
    func vectorFileRunsItsDeclaredCount(_ name: String) throws {
        let report = try #require(Self.reports[name])
        #expect(
            report.declaredCount == report.cases.count,
            "declared \(report.declaredCount ?? -1), ran \(report.cases.count)")
        #expect(report.cases.count >= 10)
        #expect(report.passed)
    }

    @Test(arguments: files)
    func vectorFileHasPositiveAndNegativeCases(_ name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        #expect(text.contains("\"result\" : \"valid\""))
        #expect(text.contains("\"result\" : \"invalid\""))
    }

    @Test(arguments: files)
    func regeneratingReproducesTheCommittedFile(_ name: String) throws {
        let generator = try #require(GeneratorRegistry.generators.first { $0.fileName == name })
        let committed = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        #expect(try generator.generate() == committed)
    }

    @Test func everyVaultFileIsListedHere() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter {
            $0.hasPrefix("vault_")
        }
        #expect(Set(onDisk) == Set(Self.files))
    }
}

extension VaultVectorTests {
    /// The vectors name only error cases that exist, and together they exercise every reader rule of §8 that a
    /// single record can break.
    @Test func vectorsCoverTheRecordReaderErrors() throws {
        var named = Set<String>()
        for file in Self.files {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("\"expect\" :") {
                named.insert(String(line.split(separator: "\"")[3]))
            }
        }
        #expect(
            named == [
                "malformedRecord", "unsupportedVersion", "recordMisplaced", "unauthorizedWriter", "signatureInvalid",
                "manifestMismatch", "rollbackDetected", "epochKeyUnavailable", "keyUnwrapFailed",
                "metadataAuthenticationFailed", "malformedStanza",
            ])
    }
}
