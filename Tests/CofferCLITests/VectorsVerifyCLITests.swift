// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Runs the built `coffer` binary (built with the tests by `swift build --build-tests`, which `./dev test` does).
@Suite("coffer vectors verify")
struct VectorsVerifyCLITests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let wycheproof = root.appendingPathComponent("TestVectors/published/wycheproof")

    /// `coffer` sits next to the test bundle in the build directory.
    static func cofferBinary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
            root.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("coffer") }
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "no coffer binary next to the tests; run `swift build --build-tests` first (./dev test does)"
        )
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func coffer(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try cofferBinary()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["COFFER_SLOW_VECTORS"] = nil
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func passesAWycheproofFileAndReportsItsCount() throws {
        let run = try Self.coffer([
            "vectors", "verify", Self.wycheproof.appendingPathComponent("x25519_test.json").path,
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("PASS  wycheproof/x25519_test.json  XDH  518/518"))
        #expect(run.stdout.hasSuffix("1 passed, 0 failed\n"))
        #expect(run.stderr.isEmpty)
    }

    @Test(
        "an edited expectation makes the file fail",
        arguments: [
            ("chacha20_poly1305_test.json", "\"result\": \"valid\"", "\"result\": \"invalid\""),
            ("x25519_test.json", "\"shared\": \"436a2c04", "\"shared\": \"436a2c05"),
            ("hmac_sha256_test.json", "\"tag\": \"b175b57d", "\"tag\": \"b175b57e"),
        ])
    func editedFileFails(_ name: String, _ original: String, _ replacement: String) throws {
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var text = try String(contentsOf: Self.wycheproof.appendingPathComponent(name), encoding: .utf8)
        let range = try #require(text.range(of: original), "pattern not in \(name)")
        text.replaceSubrange(range, with: replacement)
        let edited = scratch.appendingPathComponent(name)
        try text.write(to: edited, atomically: true, encoding: .utf8)
        let run = try Self.coffer(["vectors", "verify", edited.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("FAIL  "))
        #expect(run.stdout.contains("tcId 1: "))
        #expect(run.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func aDirectoryIsWalkedAndNonVectorFilesAreIgnored() throws {
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in ["LICENSE", "hkdf_sha256_test.json"] {
            try FileManager.default.copyItem(
                at: Self.wycheproof.appendingPathComponent(name), to: scratch.appendingPathComponent(name))
        }
        try "notes\n".write(to: scratch.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let run = try Self.coffer(["vectors", "verify", scratch.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("HKDF-SHA-256  86/86"))
        #expect(run.stdout.hasSuffix("1 passed, 0 failed\n"))
    }

    @Test func anExplicitUnknownFileIsAUsageError() throws {
        let run = try Self.coffer(["vectors", "verify", Self.wycheproof.appendingPathComponent("LICENSE").path])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("coffer: "))
        #expect(run.stdout.isEmpty)
        let missing = try Self.coffer(["vectors", "verify", "/nonexistent/vectors.json"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("coffer: cannot read"))
    }

    @Test func noPathRunsTheVectorsDirectory() throws {
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let published = scratch.appendingPathComponent("TestVectors/published/wycheproof")
        try FileManager.default.createDirectory(at: published, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.wycheproof.appendingPathComponent("hmac_sha512_test.json"),
            to: published.appendingPathComponent("hmac_sha512_test.json"))
        let nested = scratch.appendingPathComponent("somewhere/deeper")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let found = try Self.coffer(["vectors", "verify"], in: nested)
        #expect(found.status == 0, "\(found.stdout)\(found.stderr)")
        #expect(found.stdout == "PASS  wycheproof/hmac_sha512_test.json  HMACSHA512  174/174\n1 passed, 0 failed\n")
        let explicit = try Self.coffer([
            "vectors", "verify", "--vectors-dir", scratch.appendingPathComponent("TestVectors").path,
        ])
        #expect(explicit.stdout == found.stdout)
        let none = try Self.coffer(["vectors", "verify"], in: FileManager.default.temporaryDirectory)
        #expect(none.status == 64)
    }

    @Test func helpSaysTheClosingLineCountsFilesAndEndsWithExamples() throws {
        let run = try Self.coffer(["vectors", "verify", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("counts FILES"))
        #expect(run.stdout.contains("Examples:"))
        #expect(run.stdout.contains("Exit status"))
    }
}
