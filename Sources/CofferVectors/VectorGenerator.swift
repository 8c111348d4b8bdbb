// SPDX-License-Identifier: MIT
import Foundation

/// Produces one file of `TestVectors/generated/`. Each layer contributes generators for its own formats.
package protocol VectorGenerator: Sendable {
    /// The file name under `TestVectors/generated/`, e.g. `hkdf_labels.json`. Also the `DeterministicRandom` label.
    var fileName: String { get }
    /// The file's bytes, a pure function of the published seed (use `DeterministicRandom(label: fileName)`).
    func generate() throws -> Data
}

/// Every generator Coffer has. Each layer appends its own generators here.
package enum GeneratorRegistry {
    package static let generators: [any VectorGenerator] = [
        // Primitives.
        Base64VectorGenerator(),
        Bech32VectorGenerator(),
        Argon2BackendVectorGenerator(),
        HKDFLabelVectorGenerator(),
        // Format.
        AgeFileVectorGenerator(),
        // Keys.
        PasswordDerivationGenerator(), SubkeyGenerator(), MasterKeyWrapGenerator(), RecoveryKeyGenerator(),
        IdentityBundleGenerator(), AccountUnlockGenerator(),
        ShareLinkGenerator(), FileLinkGenerator(), FolderLinkGenerator(),  // Links.
        // Vault.
        FolderKeyStanzaGenerator(), NodeRecordGenerator(), ManifestGenerator(), ShareRecordGenerator(),
        IntentRecordGenerator(),
        FolderKeyringGenerator(), ListingGenerator(), MemberListGenerator(), FileShareGenerator(),
        // The storage server.
        SignedRequestGenerator(),
    ]
}
