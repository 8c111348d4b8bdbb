// SPDX-License-Identifier: MIT
import CofferFormat
import CofferSharing
import Foundation

/// One test case of a `links_*.json` file. `check()` runs the link reader on the case's inputs: it throws the
/// reader's error, or returns a description of the first output that differs (nil when all match).
public protocol LinkVectorCase: Codable, Sendable {
    var tcId: Int { get set }
    var comment: String { get }
    /// `valid` or `invalid`.
    var result: String { get }
    /// For invalid cases: the `LinkError` case name, or — where the age layer refuses after the link checks
    /// passed (a header MAC, a payload chunk) — the `AgeError` case name. The two name sets are disjoint.
    var expect: String? { get }
    func check() throws -> String?
}

/// Runs a links vector file: a valid case must produce exactly its outputs, an invalid case must fail with exactly
/// the error named in `expect`, compared through the exhaustive `LinkError.expectName` / `AgeError.name` switches.
public struct LinkVectorRunner<Case: LinkVectorCase>: VectorRunner {
    public let name: String
    public let algorithm: String

    public init(algorithm: String) {
        self.algorithm = algorithm
        name = algorithm
    }

    public func accepts(path: String, contents: Data) -> Bool {
        CofferVectorFormat.algorithm(of: contents) == algorithm
    }

    public func run(path: String, contents: Data) throws -> VectorFileReport {
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
        } catch let error as LinkError {
            refusal = error.expectName
        } catch let error as AgeError {
            refusal = error.name
        } catch {
            return VectorCaseResult(id: id, passed: false, detail: "malformed case: \(error)")
        }
        guard test.result == "invalid" else {
            return VectorCaseResult(id: id, passed: false, detail: "refused: \(refusal)")
        }
        let passed = refusal == test.expect
        return VectorCaseResult(
            id: id, passed: passed, detail: passed ? "" : "got \(refusal), expected \(test.expect ?? "?")")
    }
}

/// Helpers for generators and cases.
enum LinkVectors {
    static func file<Case: LinkVectorCase>(
        algorithm: String, header: [String], notes: [String: String] = [:], groups: [(String, [Case])]
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

    /// `nil` when equal, else what differs (outputs are public or test-only secrets).
    static func compare(_ name: String, _ actual: [UInt8], _ expected: String?) -> String? {
        Hex.encode(actual) == expected ? nil : "\(name) is \(Hex.encode(actual)), expected \(expected ?? "nothing")"
    }

    static func compare(_ name: String, _ actual: String, _ expected: String?) -> String? {
        actual == expected ? nil : "\(name) is \"\(actual)\", expected \"\(expected ?? "nothing")\""
    }
}
