// SPDX-License-Identifier: MIT
import Foundation

/// One Wycheproof test: its group (shared parameters), its own fields, and the expected `result`.
struct WycheproofCase {
    enum Expectation: String {
        /// The operation must succeed with exactly the listed output.
        case valid
        /// The operation must be refused.
        case invalid
        /// Either outcome is allowed by the standard; each runner documents which outcome Coffer gives.
        case acceptable
    }

    let group: JSONObject
    let test: JSONObject
    let tcId: Int
    let expectation: Expectation
    let flags: [String]

    var id: String { "tcId \(tcId)" }

    func pass(_ detail: String = "") -> VectorCaseResult { VectorCaseResult(id: id, passed: true, detail: detail) }
    func fail(_ detail: String) -> VectorCaseResult { VectorCaseResult(id: id, passed: false, detail: detail) }
}

/// The Wycheproof JSON layout (C2SP/wycheproof `testvectors_v1`): `algorithm`, `numberOfTests`, `testGroups`,
/// each group with `tests`, each test with `tcId`, `comment`, `flags` and `result`.
struct WycheproofFile {
    let algorithm: String
    let declaredCount: Int
    let cases: [WycheproofCase]

    init(path: String, contents: Data) throws {
        let file = try VectorJSON.object(contents, path: path)
        algorithm = try file.string("algorithm")
        declaredCount = try file.int("numberOfTests")
        var cases: [WycheproofCase] = []
        for group in try file.objects("testGroups") {
            for test in try group.objects("tests") {
                let result = try test.string("result")
                guard let expectation = WycheproofCase.Expectation(rawValue: result) else {
                    throw VectorError.malformed(path: path, reason: "unknown result \"\(result)\"")
                }
                cases.append(
                    WycheproofCase(
                        group: group, test: test, tcId: try test.int("tcId"), expectation: expectation,
                        flags: test.strings("flags")
                    ))
            }
        }
        self.cases = cases
    }

    /// The `algorithm` of a Wycheproof-shaped file, or nil.
    static func algorithm(of contents: Data) -> String? {
        VectorJSON.probe(contents)?.algorithm
    }

    /// Runs `check` on every case; a case whose inputs cannot be read fails with the reason.
    func report(path: String, suite: String, _ check: (WycheproofCase) throws -> VectorCaseResult) -> VectorFileReport {
        let results = cases.map { testCase in
            do {
                return try check(testCase)
            } catch {
                return testCase.fail("cannot run: \(error)")
            }
        }
        return VectorFileReport(path: path, suite: suite, declaredCount: declaredCount, cases: results)
    }
}

/// A runner for one Wycheproof `algorithm` value.
protocol WycheproofRunner: VectorRunner {
    /// The file's `algorithm` field this runner handles, e.g. `XDH`.
    var algorithm: String { get }
    func check(_ testCase: WycheproofCase) throws -> VectorCaseResult
}

extension WycheproofRunner {
    var name: String { "wycheproof \(algorithm)" }

    func accepts(path: String, contents: Data) -> Bool {
        WycheproofFile.algorithm(of: contents) == algorithm
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        try WycheproofFile(path: path, contents: contents).report(path: path, suite: algorithm) { try check($0) }
    }
}
