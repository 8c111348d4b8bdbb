// SPDX-License-Identifier: MIT
import Foundation

/// The outcome of one test case in a vector file.
package struct VectorCaseResult: Sendable {
    /// `tcId` (or the file's own case name).
    package let id: String
    package let passed: Bool
    /// Why it failed, or for an accepted "acceptable" case which way it went. Never contains secrets.
    package let detail: String
    /// The case was deliberately not run (for example an opt-in slow case); `detail` says why. A skipped case is
    /// neither passed nor failed, and still counts towards the file's declared number of cases.
    package let skipped: Bool

    package init(id: String, passed: Bool, detail: String = "") {
        self.id = id
        self.passed = passed
        self.detail = detail
        self.skipped = false
    }

    private init(skippedID id: String, reason: String) {
        self.id = id
        self.passed = false
        self.detail = reason
        self.skipped = true
    }

    /// A case not run, with the written reason.
    package static func skipped(id: String, reason: String) -> VectorCaseResult {
        VectorCaseResult(skippedID: id, reason: reason)
    }
}

/// The outcome of one vector file.
package struct VectorFileReport: Sendable {
    package let path: String
    /// The runner that handled it, e.g. "wycheproof XDH" or "coffer-account-master-key-wrap".
    package let suite: String
    /// The number of cases the file declares (`numberOfTests`), when it declares one.
    package let declaredCount: Int?
    package let cases: [VectorCaseResult]

    package init(path: String, suite: String, declaredCount: Int?, cases: [VectorCaseResult]) {
        self.path = path
        self.suite = suite
        self.declaredCount = declaredCount
        self.cases = cases
    }

    package var passedCount: Int { cases.filter(\.passed).count }
    package var skippedCount: Int { cases.filter(\.skipped).count }
    package var failedCount: Int { cases.count - passedCount - skippedCount }
    /// A file passes when no case failed, at least one ran, and run + skipped equals the number declared.
    package var passed: Bool {
        failedCount == 0 && (declaredCount.map { $0 == cases.count } ?? true) && passedCount > 0
    }
}

/// Something that can run one kind of vector file. Each layer contributes runners for its own formats.
package protocol VectorRunner: Sendable {
    /// A short name for reports.
    var name: String { get }
    /// Whether this runner understands the file (by its `algorithm` field, or by its shape for text formats).
    func accepts(path: String, contents: Data) -> Bool
    /// Runs every case. Throws only when the file itself cannot be read as this format.
    func run(path: String, contents: Data) throws -> VectorFileReport
}

/// Errors of the audit layer.
package enum VectorError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unknownFormat(path: String)
    case malformed(path: String, reason: String)

    package var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .unknownFormat(path):
            "\(path): not a vector format this tool knows\nhint: coffer vectors verify accepts Coffer TestVectors files, Wycheproof JSON files for the primitives Coffer implements, and the published sets listed in TestVectors/README.md"
        case let .malformed(path, reason): "\(path): malformed vector file: \(reason)"
        }
    }
}
