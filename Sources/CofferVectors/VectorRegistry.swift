// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// Every runner Coffer has, in the order they are asked. Each layer appends its own runners here.
package enum VectorRegistry {
    package static let runners: [any VectorRunner] = [
        // Primitives: Wycheproof files, transcribed RFC KATs, BLAKE2, Argon2 KATs, Bech32, our own.
        WycheproofXDHRunner(),
        WycheproofEdDSARunner(),
        WycheproofAEADRunner.chaCha20Poly1305,
        WycheproofAEADRunner.xChaCha20Poly1305,
        WycheproofHKDFRunner<SHA256>(algorithm: "HKDF-SHA-256"),
        WycheproofHKDFRunner<SHA512>(algorithm: "HKDF-SHA-512"),
        WycheproofMACRunner<SHA256>(algorithm: "HMACSHA256"),
        WycheproofMACRunner<SHA512>(algorithm: "HMACSHA512"),
        CCTVEd25519Runner(),
        Argon2KATRunner(),
        RFC9106Argon2Runner(),
        PHCArgon2TestRunner(),
        BLAKE2bKATTextRunner(),
        BLAKE2bKATJSONRunner(),
        RFC8439Runner(),
        XChaChaDraftRunner(),
        RFC7748Runner(),
        RFC8032Runner(),
        RFC5869Runner(),
        RFC7914Runner(),
        BIP173Runner(),
        Base64VectorRunner(),
        Bech32VectorRunner(),
        Argon2BackendVectorRunner(),
        HKDFLabelVectorRunner(),
        // Format: age CCTV files, Coffer format vectors.
        CCTVAgeRunner(),
        AgeFileVectorRunner(),
        // Keys, Sharing: Coffer record vectors.
        KeysVectorRunner<PasswordDerivationCase>(algorithm: PasswordDerivationGenerator.algorithm),
        KeysVectorRunner<SubkeyCase>(algorithm: SubkeyGenerator.algorithm),
        KeysVectorRunner<MasterKeyWrapCase>(algorithm: MasterKeyWrapGenerator.algorithm),
        KeysVectorRunner<RecoveryKeyCase>(algorithm: RecoveryKeyGenerator.algorithm),
        KeysVectorRunner<IdentityBundleCase>(algorithm: IdentityBundleGenerator.algorithm),
        KeysVectorRunner<AccountUnlockCase>(algorithm: AccountUnlockGenerator.algorithm),
        LinkVectorRunner<ShareLinkCase>(algorithm: ShareLinkGenerator.algorithm),
        LinkVectorRunner<FileLinkCase>(algorithm: FileLinkGenerator.algorithm),
        LinkVectorRunner<FolderLinkCase>(algorithm: FolderLinkGenerator.algorithm),
        // Vault.
        VaultVectorRunner<FolderKeyStanzaCase>(algorithm: FolderKeyStanzaGenerator.algorithm),
        VaultVectorRunner<NodeRecordCase>(algorithm: NodeRecordGenerator.algorithm),
        VaultVectorRunner<ManifestCase>(algorithm: ManifestGenerator.algorithm),
        VaultVectorRunner<ListingCase>(algorithm: ListingGenerator.algorithm),
        VaultVectorRunner<ShareRecordCase>(algorithm: ShareRecordGenerator.algorithm),
        VaultVectorRunner<FileShareCase>(algorithm: FileShareGenerator.algorithm),
        VaultVectorRunner<IntentRecordCase>(algorithm: IntentRecordGenerator.algorithm),
        VaultVectorRunner<FolderKeyringCase>(algorithm: FolderKeyringGenerator.algorithm),
        VaultVectorRunner<MemberListCase>(algorithm: MemberListGenerator.algorithm),
        // The storage server: signed requests.
        SignedRequestRunner(),
    ]

    /// Runs one file with the first runner that accepts it.
    package static func run(path: String) throws -> VectorFileReport {
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VectorError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard let runner = runners.first(where: { $0.accepts(path: path, contents: contents) }) else {
            throw VectorError.unknownFormat(path: path)
        }
        return try runner.run(path: path, contents: contents)
    }
}
