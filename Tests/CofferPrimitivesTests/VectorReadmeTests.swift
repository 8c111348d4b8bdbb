// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `TestVectors/README.md` documents every generated file: a row in "The generated files" with its algorithm and
/// declared count, and a paragraph in "The fields of each file" naming every field its tests use.
@Suite struct VectorReadmeTests {
    static let common: Set<String> = ["tcId", "comment", "flags", "result", "expect"]
    static let readme =
        (try? String(
            contentsOf: RepositoryPaths.testVectors.appendingPathComponent("README.md"),
            encoding: .utf8)) ?? ""
    static let files = RepositoryPaths.files(under: RepositoryPaths.generated).filter { $0.hasSuffix(".json") }

    @Test func everyGeneratedFileIsThere() { #expect(Self.files.count >= 19) }

    @Test(arguments: files)
    func fileAndFieldsAreDocumented(_ name: String) throws {
        let data = try Data(contentsOf: RepositoryPaths.generated.appendingPathComponent(name))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let algorithm = try #require(json["algorithm"] as? String)
        let count = try #require(json["numberOfTests"] as? Int)
        let row = Self.readme.split(separator: "\n").first { $0.hasPrefix("| `\(name)` |") }
        let tableRow = try #require(row, "\(name) has no row in the table of generated files")
        #expect(tableRow.contains("`\(algorithm)`"), "\(name): row does not name \(algorithm)")
        #expect(tableRow.contains("| \(count) ("), "\(name): row does not give the declared count \(count)")
        let start = try #require(Self.readme.range(of: "**`\(name)`**"), "\(name) has no fields paragraph")
        let paragraph = Self.readme[start.upperBound...].components(separatedBy: "\n\n").first ?? ""
        var fields: Set<String> = []
        for group in json["testGroups"] as? [[String: Any]] ?? [] {
            for test in group["tests"] as? [[String: Any]] ?? [] { fields.formUnion(test.keys) }
        }
        for field in fields.subtracting(Self.common).sorted() {
            #expect(paragraph.contains("`\(field)`"), "\(name): field \(field) is not documented")
        }
    }
}
