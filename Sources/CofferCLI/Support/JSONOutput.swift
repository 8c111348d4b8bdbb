// SPDX-License-Identifier: MIT
// `--json`: one JSON object on stdout per run, in the versioned schema of Spec/cli-json.md.
import Foundation

/// The `--json` documents. Every document is one object with `"schema": 1` and `"command"` first in meaning (keys
/// are written sorted), then the command's fields. A change that removes or retypes a field raises `schema`;
/// adding a field does not. Secrets never appear in a document.
enum JSONOutput {
    /// The schema version every document carries.
    static let schema = 1

    /// Writes `document` as one line of JSON (sorted keys, `/` unescaped) and a line break on stdout.
    static func write(_ document: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(document)
        } catch {
            throw CLIFailure("cannot encode the JSON output: \(error)")
        }
        try StandardOutput.write(Array(data) + [0x0A])
    }

    /// An expiry in both forms: seconds since 1970 (0: never) and the text the other outputs print.
    struct Expiry: Encodable {
        let unix: UInt64
        let text: String
    }
}
