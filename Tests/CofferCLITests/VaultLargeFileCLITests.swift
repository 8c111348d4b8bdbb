// SPDX-License-Identifier: MIT
// `vault put`, `vault get` and `vault export` of a file of several hundred MiB stream through
// the age payload code in constant memory — the child's peak RSS (by /usr/bin/time) stays within 16 MiB of the
// same command on a 6-byte file — and the file comes back byte for byte (and decrypts with `coffer decrypt` after
// an export). Not an absolute 64 MiB: every vault command unlocks the account with Argon2id at the policy's
// minimum of 64 MiB (KDFPolicy), so even a 6-byte get peaks near 93 MiB; that peak is the KDF's, before any
// content is read, and what the file's size adds is what this test bounds.
import Foundation
import Testing

@Suite("Vault: large files in constant memory", .serialized)
struct VaultLargeFileCLITests {
    /// 384 MiB: far above the bound, so a whole-file buffer (at least one copy of the input) cannot fit under it.
    static let size: Int64 = 384 << 20
    /// What a file of `size` bytes may add to the peak of the same command on a tiny file.
    static let rssMarginKiB = 16 << 10

    /// A sparse file of `size` bytes with distinct bytes written at a few offsets (so a shifted, truncated or
    /// zeroed copy is not identical).
    static func makeInput(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(ftruncate(fd, off_t(size)) == 0)
        for (index, offset) in [0, 65_535, 65_536, Int(size / 2) + 7, Int(size) - 1].enumerated() {
            var byte = UInt8(index + 1)
            #expect(pwrite(fd, &byte, 1, off_t(offset)) == 1)
        }
    }

    static func identical(_ f: CLIFixture, _ a: String, _ b: String) throws -> Bool {
        try CLIHarness.run("/usr/bin/cmp", [a, b], in: f.dir).status == 0
    }

    @Test("put, get and export of a 384 MiB file peak within 16 MiB of a tiny file and round-trip byte for byte")
    func largeFileRoundTrip() throws {
        let f = try CLIFixture.make(vault: true)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try Self.makeInput(f.path("big.bin"))
        let pass = ["--passphrase-file", "p1"]
        let (small, smallRSS) = try FileOptionInputTests.measured(
            f, ["vault", "put", "plain", "/small.txt"] + pass, device: f.device)
        #expect(small.status == 0, "\(small.stderr)")
        let (tiny, tinyRSS) = try FileOptionInputTests.measured(
            f, ["vault", "get", "/small.txt", "-o", "small.out"] + pass, device: f.device)
        #expect(tiny.status == 0, "\(tiny.stderr)")
        let bound = max(smallRSS, tinyRSS) + Self.rssMarginKiB
        print("VaultLargeFileCLITests: tiny put \(smallRSS) KiB, tiny get \(tinyRSS) KiB, bound \(bound) KiB")

        let (put, putRSS) = try FileOptionInputTests.measured(
            f, ["vault", "put", "big.bin", "/big.bin"] + pass, device: f.device)
        #expect(put.status == 0, "\(put.stderr)")
        #expect(putRSS < bound, "vault put peaked at \(putRSS) KiB")

        let (get, getRSS) = try FileOptionInputTests.measured(
            f, ["vault", "get", "/big.bin", "-o", "out.bin"] + pass, device: f.device)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(getRSS < bound, "vault get peaked at \(getRSS) KiB")
        #expect(try Self.identical(f, f.path("big.bin"), f.path("out.bin")))
        try FileManager.default.removeItem(atPath: f.path("out.bin"))

        let (export, exportRSS) = try FileOptionInputTests.measured(
            f, ["vault", "export", "/big.bin", "--to", f.recipient, "-o", "big.age"] + pass, device: f.device)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(exportRSS < bound, "vault export peaked at \(exportRSS) KiB")
        let decrypt = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", "-o", "back.bin", "big.age"], in: f.dir)
        #expect(decrypt.status == 0, "\(decrypt.stderr)")
        #expect(try Self.identical(f, f.path("big.bin"), f.path("back.bin")))
        print("VaultLargeFileCLITests: 384 MiB put \(putRSS) KiB, get \(getRSS) KiB, export \(exportRSS) KiB")
    }
}
