// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// One case of a `vault_*.json` file. `check()` runs the vault's reader on the case's inputs: it throws a
/// `VaultError`, or returns what differs from the expected outputs (nil when all match).
public protocol VaultVectorCase: Codable, Sendable {
    var tcId: Int { get set }
    var comment: String { get }
    var result: String { get }
    /// For invalid cases: the `VaultError` case name the reader must report (`VaultError.name`, exhaustive).
    var expect: String? { get }
    func check() throws -> String?
}

/// Runs a vault vector file: a valid case must produce exactly its outputs, an invalid case must fail with exactly
/// the `VaultError` named in `expect`.
public struct VaultVectorRunner<Case: VaultVectorCase>: VectorRunner {
    public let name: String
    public let algorithm: String

    public init(algorithm: String) {
        self.algorithm = algorithm
        name = algorithm
    }

    public func accepts(path: String, contents: Data) -> Bool {
        CofferVectorFormat.algorithm(of: contents) == algorithm
    }

    public func run(path: String, contents: Data) throws -> VectorFileReport {
        let file: CofferVectorFile<Case>
        do {
            file = try JSONDecoder().decode(CofferVectorFile<Case>.self, from: contents)
        } catch {
            throw VectorError.malformed(path: path, reason: "\(error)")
        }
        let cases = file.testGroups.flatMap(\.tests).map(Self.run)
        return VectorFileReport(path: path, suite: name, declaredCount: file.numberOfTests, cases: cases)
    }

    static func run(_ test: Case) -> VectorCaseResult {
        let id = "tcId \(test.tcId)"
        do {
            let mismatch = try test.check()
            if test.result == "valid" {
                return VectorCaseResult(id: id, passed: mismatch == nil, detail: mismatch ?? "")
            }
            return VectorCaseResult(
                id: id, passed: false, detail: mismatch ?? "accepted, expected \(test.expect ?? "?")")
        } catch let error as VaultError {
            guard test.result == "invalid" else {
                return VectorCaseResult(id: id, passed: false, detail: "refused: \(error.name)")
            }
            let passed = error.name == test.expect
            return VectorCaseResult(
                id: id, passed: passed, detail: passed ? "" : "got \(error.name), expected \(test.expect ?? "?")")
        } catch {
            return VectorCaseResult(id: id, passed: false, detail: "malformed case: \(error)")
        }
    }
}

/// Helpers shared by the vault generators and cases.
enum VaultVectors {
    static func file<Case: VaultVectorCase>(
        algorithm: String, header: [String], notes: [String: String], groups: [(String, [Case])]
    ) throws -> Data {
        var next = 1
        let numbered = groups.map { type, tests in
            CofferVectorGroup(
                type: type,
                tests: tests.map { test -> Case in
                    var copy = test
                    copy.tcId = next
                    next += 1
                    return copy
                })
        }
        return try CofferVectorFormat.encode(
            CofferVectorFile(algorithm: algorithm, header: header, notes: notes, testGroups: numbered))
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
}
