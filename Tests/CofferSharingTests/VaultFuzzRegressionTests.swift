// SPDX-License-Identifier: MIT
// Regression tests for inputs found by the FuzzVaultRecords libFuzzer target (FUZZING.md).
import CofferSharing
import Testing

@Suite("Vault record fuzz regressions")
struct VaultFuzzRegressionTests {
    /// `magic ‖ 0x01 ‖ body ‖ signer (16) ‖ signature (64)`: a well-formed envelope around `body`.
    static func record(_ magic: String, bodyCount: Int) -> [UInt8] {
        Array(magic.utf8) + [1] + [UInt8](repeating: 0, count: bodyCount) + [UInt8](repeating: 0, count: 16 + 64)
    }

    static let parsers: [(String, @Sendable ([UInt8]) throws -> Void)] = [
        ("CFVK", { _ = try FolderKeyring(parsing: $0) }),
        ("CFVM", { _ = try MemberList(parsing: $0) }),
        ("CFVS", { _ = try ShareRecord(parsing: $0) }),
        ("CFVN", { _ = try NodeRecord(parsing: $0) }),
        ("CFVL", { _ = try Manifest(parsing: $0) }),
    ]

    /// FuzzVaultRecords crash-654d8daacbbbed6f966887e463419d75dfff6f38: a manifest whose body ends inside the tree
    /// owner trapped, because `try! AccountID(bytes: try reader.take(16, …))` turned the reader's typed
    /// "ends inside tree owner" error into a crash. Every record type read the tree owner (and the share record its
    /// recipient) that way. Each short body must now be a `VaultError`, never a trap.
    @Test("a body that ends inside an account id is a typed error", arguments: 0..<parsers.count)
    func shortBodies(index: Int) {
        let (magic, parse) = VaultFuzzRegressionTests.parsers[index]
        for count in 0..<64 {
            #expect(throws: VaultError.self, "\(magic) body of \(count) bytes") {
                try parse(VaultFuzzRegressionTests.record(magic, bodyCount: count))
            }
        }
    }
}
