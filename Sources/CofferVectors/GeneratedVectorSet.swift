// SPDX-License-Identifier: MIT
import Foundation

/// Some of the committed `TestVectors/generated/*.json` files, run once through `VectorRegistry` (the path
/// `coffer vectors verify` takes), with what the vector tests of every layer ask of them: one result per case, the
/// declared count, positive and negative cases, and byte-identical regeneration from the published seed.
package struct GeneratedVectorSet: Sendable {
    /// One vector case: the file and its `tcId` (a parameter of a per-case test).
    package struct Case: Sendable, CustomStringConvertible {
        package let file: String
        package let tcId: Int
        package var description: String { "\(file) tcId \(tcId)" }
    }

    package let directory: URL
    package let files: [String]
    /// Every case of every file, read from the files themselves (so a new case becomes a new test case).
    package let cases: [Case]
    /// Each file's report from `VectorRegistry.run`.
    package let reports: [String: VectorFileReport]

    /// The files named `files` in `directory`; a file that cannot be read or run stops the test run with its name.
    package init(directory: URL, files: [String]) {
        struct Shape: Decodable {
            struct Group: Decodable { let tests: [Test] }
            struct Test: Decodable { let tcId: Int }
            let testGroups: [Group]
        }
        self.directory = directory
        self.files = files
        cases = files.flatMap { file -> [Case] in
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)),
                let shape = try? JSONDecoder().decode(Shape.self, from: data)
            else { fatalError("cannot read the vector file \(file) in \(directory.path)") }
            return shape.testGroups.flatMap(\.tests).map { Case(file: file, tcId: $0.tcId) }
        }
        reports = Dictionary(
            uniqueKeysWithValues: files.map { file in
                do {
                    return (file, try VectorRegistry.run(path: directory.appendingPathComponent(file).path))
                } catch {
                    fatalError("cannot run the vector file \(file): \(error)")
                }
            })
    }

    /// `files` in the repository's `TestVectors/generated`, found from the calling test file's path
    /// (`Tests/<Target>/<File>.swift`).
    package static func committed(_ files: [String], testFile: String = #filePath) -> GeneratedVectorSet {
        let root = URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return GeneratedVectorSet(directory: root.appendingPathComponent("TestVectors/generated"), files: files)
    }

    /// The result of one case, or nil when the runner reported no case with its `tcId`.
    package func result(of vectorCase: Case) -> VectorCaseResult? {
        reports[vectorCase.file]?.cases.first { $0.id == "tcId \(vectorCase.tcId)" }
    }

    /// The committed file's text.
    package func text(_ file: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }

    /// Whether the file has at least one `valid` and one `invalid` case.
    package func hasPositiveAndNegativeCases(_ file: String) throws -> Bool {
        let text = try text(file)
        return text.contains("\"result\" : \"valid\"") && text.contains("\"result\" : \"invalid\"")
    }

    /// Whether the registered generator of `file` reproduces the committed bytes (false when none is registered).
    package func regenerates(_ file: String) throws -> Bool {
        guard let generator = GeneratorRegistry.generators.first(where: { $0.fileName == file }) else { return false }
        return try generator.generate() == Data(contentsOf: directory.appendingPathComponent(file))
    }

    /// What is wrong with `file` as a whole, one line per problem (empty when nothing): the runner ran another
    /// number of cases than the file declares, fewer than `minimumCases`, a case failed, the file lacks a `valid`
    /// or an `invalid` case, or regenerating it from the published seed gives other bytes.
    package func fileProblems(_ file: String, minimumCases: Int = 10) throws -> [String] {
        guard let report = reports[file] else { return ["\(file) was not run"] }
        var problems: [String] = []
        if report.declaredCount != report.cases.count {
            problems.append("declared \(report.declaredCount ?? -1) cases, ran \(report.cases.count)")
        }
        if report.cases.count < minimumCases { problems.append("only \(report.cases.count) cases") }
        if !report.passed { problems.append("a case failed") }
        if try !hasPositiveAndNegativeCases(file) { problems.append("no valid or no invalid case") }
        if try !regenerates(file) { problems.append("regenerating from the seed gives other bytes") }
        return problems
    }

    /// The file names in `directory` that start with `prefix` (to check that a set lists every such file).
    package func filesOnDisk(prefix: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(prefix) })
    }

    /// Every `expect` value named in the set's files.
    package func expectedErrorNames() throws -> Set<String> {
        var named = Set<String>()
        for file in files {
            for line in try text(file).split(separator: "\n") where line.contains("\"expect\" :") {
                named.insert(String(line.split(separator: "\"")[3]))
            }
        }
        return named
    }
}
