// SPDX-License-Identifier: MIT
import Foundation

/// A test in one of Coffer's generated files: `tcId`, and `result` with `expect` for invalid cases.
protocol GeneratedVectorTest: Codable, Sendable {
    var tcId: Int { get }
    /// `valid` or `invalid`.
    var result: String { get }
    /// For `invalid`: the `vectorName` of the exact error a correct implementation reports.
    var expect: String? { get }
}

/// The runner for one `algorithm` of `TestVectors/generated/`.
protocol GeneratedVectorRunner: VectorRunner {
    associatedtype Test: GeneratedVectorTest
    var algorithm: String { get }
    /// Checks a `valid` case: the operation must succeed with exactly the listed outputs.
    func checkValid(_ test: Test, id: String) throws -> VectorCaseResult
    /// Performs the operation an `invalid` case describes and names its outcome (`ok` or an error's `vectorName`).
    func outcome(_ test: Test) throws -> String
}

extension GeneratedVectorRunner {
    var name: String { algorithm }

    func accepts(path: String, contents: Data) -> Bool {
        VectorJSON.probe(contents)?.algorithm == algorithm
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let file: CofferVectorFile<Test>
        do {
            file = try JSONDecoder().decode(CofferVectorFile<Test>.self, from: contents)
        } catch {
            throw VectorError.malformed(path: path, reason: "not a \(algorithm) file: \(error)")
        }
        guard file.schema == CofferVectorFormat.schema else {
            throw VectorError.malformed(
                path: path, reason: "schema \"\(file.schema)\" is not \(CofferVectorFormat.schema)")
        }
        let results = file.testGroups.flatMap(\.tests).map { test in
            let id = "tcId \(test.tcId)"
            do {
                switch (test.result, test.expect) {
                case ("valid", nil):
                    return try checkValid(test, id: id)
                case ("invalid", let expected?):
                    let got = try outcome(test)
                    return VectorCaseResult(
                        id: id, passed: got == expected,
                        detail: got == expected ? "" : "expected \(expected), got \(got)")
                default:
                    return VectorCaseResult(
                        id: id, passed: false, detail: "result/expect pair is not valid+none or invalid+name")
                }
            } catch {
                return VectorCaseResult(
                    id: id, passed: false, detail: "expected success, got error: \(errorName(error))")
            }
        }
        return VectorFileReport(path: path, suite: algorithm, declaredCount: file.numberOfTests, cases: results)
    }
}

/// Builds the tests of a generated file with consecutive `tcId`s.
struct TestNumbering {
    private(set) var next = 1

    mutating func take() -> Int {
        defer { next += 1 }
        return next
    }
}
