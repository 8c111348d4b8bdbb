// SPDX-License-Identifier: MIT
import Foundation

/// Every runner Coffer has, in the order they are asked. Each layer appends its own runners here.
public enum VectorRegistry {
    public static let runners: [any VectorRunner] = [
        // Primitives (issue 2): Wycheproof files, transcribed RFC KATs, BLAKE2, Argon2 KATs, Bech32, our own.
        // Format (issue 3): age CCTV files, Coffer format vectors.
        // Keys (issue 4), Sharing (issues 5, 6): Coffer record vectors.
        KeysVectorRunner<PasswordDerivationCase>(algorithm: PasswordDerivationGenerator.algorithm),
        KeysVectorRunner<SubkeyCase>(algorithm: SubkeyGenerator.algorithm),
        KeysVectorRunner<MasterKeyWrapCase>(algorithm: MasterKeyWrapGenerator.algorithm),
        KeysVectorRunner<RecoveryKeyCase>(algorithm: RecoveryKeyGenerator.algorithm),
        KeysVectorRunner<IdentityBundleCase>(algorithm: IdentityBundleGenerator.algorithm),
        KeysVectorRunner<AccountUnlockCase>(algorithm: AccountUnlockGenerator.algorithm),
    ]

    /// Runs one file with the first runner that accepts it.
    public static func run(path: String) throws -> VectorFileReport {
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
