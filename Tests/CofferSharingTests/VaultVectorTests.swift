// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Runs every `TestVectors/generated/vault_*.json` file through the registered runners (the same path as
/// `coffer vectors verify`; `GeneratedVectorSet`), one test case per vector, asserting the declared count, and
/// checks that regenerating from the published seed reproduces the committed bytes.
@Suite struct VaultVectorTests {
    static let vectors = GeneratedVectorSet.committed([
        "vault_folder_key_stanza.json", "vault_node_record.json", "vault_manifest.json", "vault_share_record.json",
        "vault_folder_keyring.json", "vault_intent_record.json", "vault_listing.json", "vault_member_list.json",
        "vault_file_share.json",
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

    @Test func everyVaultFileIsListedHere() throws {
        #expect(try Self.vectors.filesOnDisk(prefix: "vault_") == Set(Self.vectors.files))
    }
}

extension VaultVectorTests {
    /// The vectors name only error cases that exist, and together they exercise every reader rule of §8 that a
    /// single record can break.
    @Test func vectorsCoverTheRecordReaderErrors() throws {
        #expect(
            try Self.vectors.expectedErrorNames() == [
                "malformedRecord", "unsupportedVersion", "recordMisplaced", "unauthorizedWriter", "signatureInvalid",
                "manifestMismatch", "rollbackDetected", "epochKeyUnavailable", "keyUnwrapFailed",
                "metadataAuthenticationFailed", "malformedStanza", "childMissing", "readerSigned",
            ])
    }
}
