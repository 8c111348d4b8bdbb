// SPDX-License-Identifier: MIT
import Foundation

/// One test case of a Coffer record-vector file (keys, vault, links). `check()` runs the layer's reader on the
/// case's inputs: it throws the layer's error, or returns a description of the first output that differs (nil
/// when all match).
package protocol CofferVectorCase: Codable, Sendable {
    var tcId: Int { get set }
    var comment: String { get }
    /// `valid` or `invalid`.
    var result: String { get }
    /// For invalid cases: the name of the error case the reader must report.
    var expect: String? { get }
    func check() throws -> String?
    /// The vector name of an error the layer's reader throws (through the layer's exhaustive name switch), or nil
    /// when the error is not the reader's — then the case itself is malformed.
    static func expectName(of error: any Error) -> String?
}

/// Runs a record-vector file: a valid case must produce exactly its outputs, an invalid case must fail with
/// exactly the error named in `expect`.
package struct CaseVectorRunner<Case: CofferVectorCase>: VectorRunner {
    package let name: String
    package let algorithm: String

    package init(algorithm: String) {
        self.algorithm = algorithm
        name = algorithm
    }

    package func accepts(path: String, contents: Data) -> Bool {
        CofferVectorFormat.algorithm(of: contents) == algorithm
    }

    package func run(path: String, contents: Data) throws -> VectorFileReport {
        let file: CofferVectorFile<Case>
        do {
            file = try JSONDecoder().decode(CofferVectorFile<Case>.self, from: contents)
        } catch {
            throw VectorError.malformed(path: path, reason: "\(error)")
        }
        let cases = file.testGroups.flatMap(\.tests).map(Self.run)
        return VectorFileReport(path: path, suite: name, declaredCount: file.numberOfTests, cases: cases)
    }

    static func run(_ test: Case) -> VectorCaseResult {
        let id = "tcId \(test.tcId)"
        let refusal: String
        do {
            let mismatch = try test.check()
            if test.result == "valid" {
                return VectorCaseResult(id: id, passed: mismatch == nil, detail: mismatch ?? "")
            }
            return VectorCaseResult(
                id: id, passed: false, detail: mismatch ?? "accepted, expected \(test.expect ?? "?")")
        } catch {
            guard let name = Case.expectName(of: error) else {
                return VectorCaseResult(id: id, passed: false, detail: "malformed case: \(error)")
            }
            refusal = name
        }
        guard test.result == "invalid" else {
            return VectorCaseResult(id: id, passed: false, detail: "refused: \(refusal)")
        }
        let passed = refusal == test.expect
        return VectorCaseResult(
            id: id, passed: passed, detail: passed ? "" : "got \(refusal), expected \(test.expect ?? "?")")
    }
}

/// Writes a record-vector file with `tcId`s numbered 1, 2, … across its groups.
enum CaseVectorFiles {
    static func file<Case: CofferVectorCase>(
        algorithm: String, header: [String], notes: [String: String], groups: [(String, [Case])]
    ) throws -> Data {
        var next = 1
        let numbered = groups.map { type, tests in
            CofferVectorGroup(
                type: type,
                tests: tests.map { test -> Case in
                    var copy = test
                    copy.tcId = next
                    next += 1
                    return copy
                })
        }
        return try CofferVectorFormat.encode(
            CofferVectorFile(algorithm: algorithm, header: header, notes: notes, testGroups: numbered))
    }
}
