// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// One test case of a `keys_*.json` file. `check()` runs the layer's reader on the case's inputs: it throws
/// the layer's error, or returns a description of the first output that differs (nil when all match).
public protocol KeysVectorCase: Codable, Sendable {
    var tcId: Int { get set }
    var comment: String { get }
    /// `valid` or `invalid`.
    var result: String { get }
    /// For invalid cases: the `KeysError` case name the reader must report.
    var expect: String? { get }
    func check() throws -> String?
}

/// Runs a keys vector file: a valid case must produce exactly its outputs, an invalid case must fail with
/// exactly the `KeysError` case named in `expect` (compared through the exhaustive `expectName` switch).
public struct KeysVectorRunner<Case: KeysVectorCase>: VectorRunner {
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
        do {
            let mismatch = try test.check()
            if test.result == "valid" {
                return VectorCaseResult(id: id, passed: mismatch == nil, detail: mismatch ?? "")
            }
            return VectorCaseResult(id: id, passed: false, detail: mismatch ?? "accepted, expected \(test.expect ?? "?")")
        } catch let error as KeysError {
            guard test.result == "invalid" else {
                return VectorCaseResult(id: id, passed: false, detail: "refused: \(error.expectName)")
            }
            let passed = error.expectName == test.expect
            return VectorCaseResult(
                id: id, passed: passed, detail: passed ? "" : "got \(error.expectName), expected \(test.expect ?? "?")")
        } catch {
            return VectorCaseResult(id: id, passed: false, detail: "malformed case: \(error)")
        }
    }
}

/// Helpers for generators and cases.
enum KeysVectors {
    static func file<Case: KeysVectorCase>(
        algorithm: String, header: [String], notes: [String: String] = [:], groups: [(String, [Case])]
    ) throws -> Data {
        var next = 1
        let numbered = groups.map { type, tests in
            CofferVectorGroup(
                type: type,
                tests: tests.map { test -> Case in
                    defer { next += 1 }
                    return renumber(test, next)
                })
        }
        return try CofferVectorFormat.encode(
            CofferVectorFile(algorithm: algorithm, header: header, notes: notes, testGroups: numbered)
        )
    }

    /// Cases are written with tcId 0 and numbered 1, 2, … in file order here.
    private static func renumber<Case: KeysVectorCase>(_ test: Case, _ id: Int) -> Case {
        var copy = test
        copy.tcId = id
        return copy
    }

    /// `nil` when equal, else what differs (outputs are public or test-only secrets).
    static func compare(_ name: String, _ actual: [UInt8], _ expected: String) -> String? {
        Hex.encode(actual) == expected ? nil : "\(name) is \(Hex.encode(actual)), expected \(expected)"
    }

    static func compare(_ name: String, _ actual: String, _ expected: String) -> String? {
        actual == expected ? nil : "\(name) is \"\(actual)\", expected \"\(expected)\""
    }

    static func flip(_ bytes: [UInt8], _ index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x01
        return copy
    }
}
