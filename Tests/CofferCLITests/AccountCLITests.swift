// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Drives the built `coffer` binary (`swift build --build-tests` puts it beside the test bundle) through the
/// account, contact and kdf commands, with passphrases from files.
@Suite struct AccountCLITests {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in [("p1", "first passphrase\n"), ("p2", "second passphrase\n"), ("p3", "third passphrase")] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
    }

    static let binary: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("coffer") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func coffer(_ arguments: String...) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["COFFER_STORE"] = path("store")
        environment["COFFER_DEVICE"] = path("device")
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    func masterKeyCheck(_ outcome: Outcome) -> String? {
        outcome.stdout.split(separator: "\n").first { $0.hasPrefix("master-key-check ") }.map {
            String($0.dropFirst(17))
        }
    }

    func create() throws -> String {
        let created = try coffer(
            "account", "create", "--passphrase-file", path("p1"), "--recovery-key-file", path("rk"))
        #expect(created.status == 0, "\(created.stderr)")
        return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func createThenPasswdThenRecoverKeepTheSameMasterKey() throws {
        let id = try create()
        #expect(id.count == 32)
        let first = try coffer("account", "unlock", "--passphrase-file", path("p1"))
        #expect(first.status == 0)
        let check = try #require(masterKeyCheck(first))
        let passwd = try coffer(
            "account", "passwd", "--passphrase-file", path("p1"), "--new-passphrase-file", path("p2"))
        #expect(passwd.status == 0, "\(passwd.stderr)")
        #expect(masterKeyCheck(try coffer("account", "unlock", "--passphrase-file", path("p2"))) == check)
        let recover = try coffer(
            "account", "recover", "--recovery-key-file", path("rk"), "--new-passphrase-file", path("p3"))
        #expect(recover.status == 0, "\(recover.stderr)")
        let last = try coffer("account", "unlock", "--account", id, "--passphrase-file", path("p3"))
        #expect(masterKeyCheck(last) == check)
        #expect(last.stdout.contains("revision 3"))
        #expect(try coffer("account", "unlock", "--passphrase-file", path("p1")).status == 1)
    }

    @Test func wrongPasswordAndTamperedRecordGiveDifferentMessages() throws {
        let id = try create()
        let wrong = try coffer("account", "unlock", "--passphrase-file", path("p2"))
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("coffer: wrong passphrase for this account\n"))
        let record = directory.appendingPathComponent("store/\(id).account")
        var bytes = try Data(contentsOf: record)
        bytes[40] ^= 0x01
        try bytes.write(to: record)
        let tampered = try coffer("account", "unlock", "--passphrase-file", path("p1"))
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("account record failed its integrity check"))
        #expect(tampered.stdout.isEmpty)
    }

    @Test func mistypedRecoveryKeyIsReportedAsATypo() throws {
        _ = try create()
        var written = try String(contentsOfFile: path("rk"), encoding: .utf8)
        let index = written.index(written.startIndex, offsetBy: 20)
        written.replaceSubrange(index...index, with: written[index] == "Q" ? "P" : "Q")
        try written.write(toFile: path("rk-typo"), atomically: true, encoding: .utf8)
        let outcome = try coffer(
            "account", "recover", "--recovery-key-file", path("rk-typo"), "--new-passphrase-file", path("p2"))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("probably mistyped"))
    }

    @Test func showAndContactsPinVerifyAndRefuseAChangedKey() throws {
        _ = try create()
        let show = try coffer("account", "show")
        let lines = show.stdout.split(separator: "\n")
        let bundle = try #require(lines.first { $0.hasPrefix("bundle ") }).dropFirst(7)
        let fingerprint = try #require(lines.first { $0.hasPrefix("fingerprint ") }).dropFirst(12)
        #expect(try coffer("contact", "add", "alice", String(bundle)).stdout == "\(fingerprint)\n")
        #expect(try coffer("contact", "list").stdout == "alice\t\(fingerprint)\tunverified\n")
        #expect(try coffer("contact", "verify", "alice", "--fingerprint", "12345 12345 12345 12345").status == 1)
        #expect(try coffer("contact", "verify", "alice", "--fingerprint", String(fingerprint)).status == 0)
        #expect(try coffer("contact", "list").stdout.hasSuffix("\tverified\n"))
        // A second account's bundle under the same name is a changed key.
        try FileManager.default.removeItem(atPath: path("rk"))
        let other = try create()
        let otherBundle = try coffer("account", "show", "--account", other).stdout.split(separator: "\n")[1].dropFirst(
            7)
        let changed = try coffer("contact", "add", "alice", String(otherBundle))
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("the key of contact \"alice\" changed"))
        var forged = Array(otherBundle)
        forged[40] = forged[40] == "q" ? "p" : "q"
        #expect(try coffer("contact", "add", "bob", String(forged)).status == 1)
    }

    @Test func passphrasesAreNeverAcceptedOnTheCommandLine() throws {
        let outcome = try coffer("account", "create", "--passphrase", "secret")
        #expect(outcome.status == 64)
        let help = try coffer("account", "create", "--help")
        #expect(!help.stdout.contains("--passphrase <"))
        #expect(help.stdout.contains("Examples:"))
    }

    @Test func recoveryKeyFileIsNeverOverwritten() throws {
        try Data("keep me".utf8).write(to: directory.appendingPathComponent("rk"))
        let outcome = try coffer(
            "account", "create", "--passphrase-file", path("p1"), "--recovery-key-file", path("rk"))
        #expect(outcome.status == 1)
        #expect(try String(contentsOfFile: path("rk"), encoding: .utf8) == "keep me")
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: path("store"))) ?? []
        #expect(stored.isEmpty)
    }

    @Test func kdfCalibrateNeverGoesBelowTheFloor() throws {
        let outcome = try coffer("kdf", "calibrate", "--target-ms", "1", "--max-memory-mib", "64")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "--kdf-memory-mib 64 --kdf-iterations 3\n")
        let below = try coffer("account", "create", "--passphrase-file", path("p1"), "--kdf-memory-mib", "32")
        #expect(below.status == 64)  // a usage error, not a message about a storage server
        #expect(below.stderr.contains("--kdf-memory-mib must be from 64 to 4096, not 32"))
    }
}
