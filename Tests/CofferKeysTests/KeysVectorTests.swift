// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Runs every `TestVectors/generated/keys_*.json` file through the registered runners (the same path as
/// `coffer vectors verify`), asserting each case and the declared count, and checks that regenerating from
/// the published seed reproduces the committed bytes.
@Suite struct KeysVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestVectors/generated")

    static let files = [
        "keys_password_derivation.json", "keys_subkeys.json", "keys_master_key_wrap.json", "keys_recovery_key.json",
        "keys_identity_bundle.json", "keys_account_unlock.json",
    ]

    @Test(arguments: files)
    func vectorFilePasses(_ name: String) throws {
        let report = try VectorRegistry.run(path: Self.directory.appendingPathComponent(name).path)
        #expect(
            report.declaredCount == report.cases.count,
            "declared \(report.declaredCount ?? -1), ran \(report.cases.count)")
        #expect(report.cases.count >= 10)
        for result in report.cases {
            #expect(result.passed, "\(name) \(result.id): \(result.detail)")
        }
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

    @Test func everyKeysFileIsListedHere() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter {
            $0.hasPrefix("keys_")
        }
        #expect(Set(onDisk) == Set(Self.files))
    }
}
