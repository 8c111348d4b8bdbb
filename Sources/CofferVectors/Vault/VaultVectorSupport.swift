// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// One test case of a `vault_*.json` file; invalid cases name a `VaultError` case (`VaultError.name`, exhaustive).
package protocol VaultVectorCase: CofferVectorCase {}

extension VaultVectorCase {
    package static func expectName(of error: any Error) -> String? {
        (error as? VaultError)?.name
    }
}

/// Runs one of this layer's vector files (see `CaseVectorRunner`).
package typealias VaultVectorRunner<Case: VaultVectorCase> = CaseVectorRunner<Case>

/// Helpers shared by the vault generators and cases.
enum VaultVectors {
    static func file<Case: VaultVectorCase>(
        algorithm: String, header: [String], notes: [String: String], groups: [(String, [Case])]
    ) throws -> Data {
        try CaseVectorFiles.file(algorithm: algorithm, header: header, notes: notes, groups: groups)
    }

    /// A person of the vectors: identity keys from the deterministic stream.
    static func person(_ random: inout DeterministicRandom) throws -> IdentityKeyPair {
        try IdentityKeyPair(agreementSecret: random.secret(32), signingSeed: random.secret(32))
    }

    /// Re-signs `record` with the Spec formula, computed here independently of the library:
    /// `signature = Ed25519(key, label ‖ 0x00 ‖ record[..<len-64])`.
    static func resign(_ record: [UInt8], label: String, with key: IdentityKeyPair) -> [UInt8] {
        let signed = Array(record.dropLast(64))
        return signed + key.signing.signature(for: Array(label.utf8) + [0] + signed)
    }

    static func flip(_ bytes: [UInt8], _ index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x01
        return copy
    }

    static func compare(_ name: String, _ actual: [UInt8], _ expected: String?) -> String? {
        Hex.encode(actual) == expected ? nil : "\(name) is \(Hex.encode(actual)), expected \(expected ?? "nil")"
    }

    static func compare<T: Equatable>(_ name: String, _ actual: T, _ expected: T?) -> String? {
        actual == expected ? nil : "\(name) is \(actual), expected \(String(describing: expected))"
    }

    static func keys(_ hex: [String: String], folder: NodeID) throws -> EpochKeys {
        var keys: [UInt32: FolderKey] = [:]
        for (epoch, key) in hex { keys[UInt32(epoch)!] = try FolderKey(SecretBytes(Hex.decode(key))) }
        return EpochKeys(folder: folder, keys: keys, latest: keys.keys.max() ?? 0)
    }

    static func writers(agreement: String, signing: String) throws -> IdentityPublicKeys {
        IdentityPublicKeys(
            agreement: try X25519.PublicKey(rawRepresentation: Hex.decode(agreement)),
            signing: try Ed25519.VerifyingKey(rawRepresentation: Hex.decode(signing)))
    }

    /// A share's recipient from a vector's hex secrets: X25519 secret, Ed25519 seed and, for a recipient with a
    /// post-quantum key, its MLKEM768-X25519 seed.
    static func recipient(agreement: String, signing: String, hybrid: String?) throws -> IdentityKeyPair {
        try IdentityKeyPair(
            agreementSecret: SecretBytes(Hex.decode(agreement)), signingSeed: SecretBytes(Hex.decode(signing)),
            hybridSeed: try hybrid.map { SecretBytes(try Hex.decode($0)) })
    }
}
