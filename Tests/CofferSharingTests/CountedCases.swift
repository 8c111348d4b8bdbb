// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// A suite trait that counts the test cases it ran (each attack × each transport) and prints the totals per suite
/// when the test process exits, e.g. `malicious-server suite: 42 cases run (21 over http)`.
struct CountedCases: SuiteTrait, TestTrait, TestScoping {
    let suite: String

    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }
        let overHTTP = LockedBox(false)
        try await CaseTally.$overHTTP.withValue(overHTTP) { try await function() }
        CaseTally.shared.add(suite, overHTTP: overHTTP.value)
    }
}

extension Trait where Self == CountedCases {
    /// Counts the suite's cases under `suite`.
    static func countedCases(_ suite: String) -> Self { CountedCases(suite: suite) }
}

/// The totals, and the exit hook that prints them.
final class CaseTally: @unchecked Sendable {
    static let shared = CaseTally()
    /// Set by a `World` made over HTTP inside a counted case.
    @TaskLocal static var overHTTP: LockedBox<Bool>?
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var overHTTP: [String: Int] = [:]
    private var registered = false

    func add(_ suite: String, overHTTP http: Bool) {
        lock.withLock {
            counts[suite, default: 0] += 1
            if http { overHTTP[suite, default: 0] += 1 }
            if !registered {
                registered = true
                atexit { CaseTally.shared.report() }
            }
        }
    }

    func report() {
        lock.withLock {
            for (suite, count) in counts.sorted(by: { $0.key < $1.key }) {
                print("\(suite): \(count) cases run (\(overHTTP[suite, default: 0]) over http)")
            }
        }
    }
}
