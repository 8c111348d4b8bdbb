// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Runs every `TestVectors/generated/keys_*.json` file through the registered runners (the same path as
/// `coffer vectors verify`; `GeneratedVectorSet`), one test case per vector, asserting the declared count, and
/// checks that regenerating from the published seed reproduces the committed bytes.
@Suite struct KeysVectorTests {
    static let vectors = GeneratedVectorSet.committed([
        "keys_password_derivation.json", "keys_subkeys.json", "keys_master_key_wrap.json", "keys_recovery_key.json",
        "keys_identity_bundle.json", "keys_account_unlock.json",
    ])

    @Test(arguments: vectors.cases)
    func vectorCase(_ vector: GeneratedVectorSet.Case) throws {
        let result = try #require(Self.vectors.result(of: vector))
        #expect(result.passed, "\(result.detail)")
    }

    /// Declared count, at least 10 cases, all passing, valid and invalid cases, byte-identical regeneration.
    @Test(arguments: vectors.files)
    func vectorFileIsWhole(_ name: String) throws {
        let problems = try Self.vectors.fileProblems(name)
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
    }

    @Test func everyKeysFileIsListedHere() throws {
        #expect(try Self.vectors.filesOnDisk(prefix: "keys_") == Set(Self.vectors.files))
    }
}
