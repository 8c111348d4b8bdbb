// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// One test case of a `keys_*.json` file; invalid cases name a `KeysError` case (`expectName`, exhaustive).
package protocol KeysVectorCase: CofferVectorCase {}

extension KeysVectorCase {
    package static func expectName(of error: any Error) -> String? {
        (error as? KeysError)?.expectName
    }
}

/// Runs one of this layer's vector files (see `CaseVectorRunner`).
package typealias KeysVectorRunner<Case: KeysVectorCase> = CaseVectorRunner<Case>

/// Helpers for generators and cases.
enum KeysVectors {
    /// Cases are written with tcId 0 and numbered 1, 2, … in file order here.
    static func file<Case: KeysVectorCase>(
        algorithm: String, header: [String], notes: [String: String] = [:], groups: [(String, [Case])]
    ) throws -> Data {
        try CaseVectorFiles.file(algorithm: algorithm, header: header, notes: notes, groups: groups)
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
