// SPDX-License-Identifier: MIT
import CofferAge
import CofferSharing
import Foundation

/// One test case of a `links_*.json` file; invalid cases name a `LinkError` case, or — where the age layer
/// refuses after the link checks passed (a header MAC, a payload chunk) — an `AgeError` case. The two name sets
/// are disjoint.
package protocol LinkVectorCase: CofferVectorCase {}

extension LinkVectorCase {
    package static func expectName(of error: any Error) -> String? {
        if let error = error as? LinkError { return error.expectName }
        return (error as? AgeError)?.name
    }
}

/// Runs one of this layer's vector files (see `CaseVectorRunner`).
package typealias LinkVectorRunner<Case: LinkVectorCase> = CaseVectorRunner<Case>

/// Helpers for generators and cases.
enum LinkVectors {
    static func file<Case: LinkVectorCase>(
        algorithm: String, header: [String], notes: [String: String] = [:], groups: [(String, [Case])]
    ) throws -> Data {
        try CaseVectorFiles.file(algorithm: algorithm, header: header, notes: notes, groups: groups)
    }

    /// `nil` when equal, else what differs (outputs are public or test-only secrets).
    static func compare(_ name: String, _ actual: [UInt8], _ expected: String?) -> String? {
        Hex.encode(actual) == expected ? nil : "\(name) is \(Hex.encode(actual)), expected \(expected ?? "nothing")"
    }

    static func compare(_ name: String, _ actual: String, _ expected: String?) -> String? {
        actual == expected ? nil : "\(name) is \"\(actual)\", expected \"\(expected ?? "nothing")\""
    }
}
