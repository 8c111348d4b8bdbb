// SPDX-License-Identifier: MIT
import CofferVectors
import Foundation
import Testing

/// Every published third-party vector file for the primitives runs, with its exact case count asserted here (from
/// TestVectors/published/SOURCES.md), so a silently shrunk, skipped or missing file fails the suite.
@Suite("Published primitive vectors")
struct PublishedVectorTests {
    /// Case counts per file, as documented upstream (numberOfTests, entries, KAT blocks).
    static let expectedCounts: [String: Int] = [
        "wycheproof/x25519_test.json": 518,
        "wycheproof/ed25519_test.json": 151,
        "wycheproof/chacha20_poly1305_test.json": 325,
        "wycheproof/xchacha20_poly1305_test.json": 315,
        "wycheproof/hkdf_sha256_test.json": 86,
        "wycheproof/hkdf_sha512_test.json": 83,
        "wycheproof/hmac_sha256_test.json": 174,
        "wycheproof/hmac_sha512_test.json": 174,
        "cctv-ed25519/ed25519vectors.json": 914,
        "phc-winner-argon2/argon2d": 1,
        "phc-winner-argon2/argon2i": 1,
        "phc-winner-argon2/argon2id": 1,
        "phc-winner-argon2/argon2d_v16": 1,
        "phc-winner-argon2/argon2i_v16": 1,
        "phc-winner-argon2/argon2id_v16": 1,
        "blake2/blake2b-kat.txt": 256,
        "blake2/blake2-kat.json": 512,
        "transcribed/rfc8439_chacha20_poly1305.json": 27,
        "transcribed/draft_irtf_cfrg_xchacha_03.json": 3,
        "transcribed/rfc7748_x25519.json": 6,
        "transcribed/rfc8032_ed25519.json": 5,
        "transcribed/rfc5869_hkdf_sha256.json": 3,
        "transcribed/rfc7914_scrypt.json": 4,
        "transcribed/rfc9106_argon2.json": 3,
        "transcribed/phc_argon2_test_c.json": 34,
        "transcribed/bip173_bech32.json": 21,
    ]

    /// Cases that need 1 GiB or a million operations; skipped (with a reason) unless COFFER_SLOW_VECTORS=1.
    static let slowCounts: [String: Int] = [
        "transcribed/rfc7748_x25519.json": 1,
        "transcribed/rfc7914_scrypt.json": 1,
        "transcribed/phc_argon2_test_c.json": 2,
    ]

    static var slowEnabled: Bool { ProcessInfo.processInfo.environment["COFFER_SLOW_VECTORS"] == "1" }

    @Test("published vector file", arguments: expectedCounts.keys.sorted())
    func publishedFile(_ name: String) throws {
        let expected = try #require(Self.expectedCounts[name])
        let report = try VectorRegistry.run(path: RepositoryPaths.published.appendingPathComponent(name).path)
        let expectedSkips = Self.slowEnabled ? 0 : Self.slowCounts[name, default: 0]
        print(
            "\(name): \(report.suite), \(report.passedCount) passed, \(report.skippedCount) skipped, "
                + "\(report.failedCount) failed, \(expected) expected")
        #expect(report.declaredCount == expected)
        #expect(report.cases.count == expected, "run + skipped must equal the documented count")
        #expect(report.passedCount + report.skippedCount == expected)
        #expect(report.skippedCount == expectedSkips)
        #expect(report.cases.filter(\.skipped).allSatisfy { !$0.detail.isEmpty }, "every skip carries its reason")
        let failures = report.cases.filter { !$0.passed && !$0.skipped }.prefix(5).map { "\($0.id): \($0.detail)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "; "))")
        #expect(report.passed)
    }

    /// The documented split of the decided cases (SOURCES.md): Wycheproof X25519's 254 acceptable cases are 223
    /// exact matches and 31 all-zero secrets refused; libsodium accepts 43 of the 914 CCTV Ed25519 signatures.
    @Test func acceptableAndEdgeCaseOutcomesMatchTheDocumentedSplit() throws {
        let x25519 = try VectorRegistry.run(
            path: RepositoryPaths.published.appendingPathComponent("wycheproof/x25519_test.json").path)
        #expect(x25519.cases.filter { $0.detail == "accepted" }.count == 223)
        #expect(x25519.cases.filter { $0.detail == "refused: all-zero shared secret" }.count == 31)
        let cctv = try VectorRegistry.run(
            path: RepositoryPaths.published.appendingPathComponent("cctv-ed25519/ed25519vectors.json").path)
        #expect(cctv.cases.filter { $0.passed && $0.detail == "accepted" }.count == 43)
        #expect(cctv.cases.filter { $0.passed && $0.detail == "rejected" }.count == 871)
        let bech32 = try VectorRegistry.run(
            path: RepositoryPaths.published.appendingPathComponent("transcribed/bip173_bech32.json").path)
        #expect(bech32.cases.first { $0.id == "tcId 21" }?.passed == true, "the over-length string is accepted")
    }

    /// The list above is the whole published primitive set: a file added or lost shows up here.
    @Test func everyPublishedPrimitiveFileIsListed() {
        let ageSets = ["cctv-age/", "filosottile-age/"]
        let notVectors: (String) -> Bool = { name in
            let file = (name as NSString).lastPathComponent
            return ["LICENSE", "COPYING", "SOURCES.md"].contains(file) || file.hasSuffix(".shasum")
                || name.hasPrefix("wycheproof/schemas/")
        }
        let found = RepositoryPaths.files(under: RepositoryPaths.published)
            .filter { name in !notVectors(name) && !ageSets.contains { name.hasPrefix($0) } }
        #expect(found == Self.expectedCounts.keys.sorted())
    }
}
