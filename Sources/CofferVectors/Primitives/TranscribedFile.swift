// SPDX-License-Identifier: MIT
import Foundation

/// The shape of the `transcribed/` JSON files: a `title` naming the source document, `numberOfTests`, and
/// `tests`, each with an integer `id` and, where the file has several kinds of test, a `group`.
protocol TranscribedRunner: VectorRunner {
    /// The start of the file's `title`, e.g. `RFC 8439`.
    var titlePrefix: String { get }
    func check(_ test: JSONObject, id: String) throws -> VectorCaseResult
}

extension TranscribedRunner {
    func accepts(path: String, contents: Data) -> Bool {
        VectorJSON.probe(contents)?.title?.hasPrefix(titlePrefix) == true
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let file = try VectorJSON.object(contents, path: path)
        let results = try file.objects("tests").map { test in
            let id = "id \(try test.int("id"))"
            return Check.valid(id) { try check(test, id: id) }
        }
        return VectorFileReport(path: path, suite: name, declaredCount: try file.int("numberOfTests"), cases: results)
    }
}
