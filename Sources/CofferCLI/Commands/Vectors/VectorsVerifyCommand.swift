// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferVectors
import Foundation

/// `coffer vectors verify [PATH...]`: run vector files and report one line per file.
struct VectorsVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run test-vector files against Coffer's cryptography and report each file.",
        discussion: """
            With no PATH, runs every file under TestVectors/generated/ and TestVectors/published/ of the Coffer \
            checkout that contains the current directory (or of --vectors-dir). A directory PATH is searched \
            recursively; files there that are not vector files (licences, READMEs, checksums, schemas) are \
            ignored, but a JSON file that declares numberOfTests in a format Coffer does not know is an error. \
            A file named explicitly must be a format Coffer knows: Coffer's own TestVectors files, Wycheproof JSON \
            for X25519, Ed25519, (X)ChaCha20-Poly1305, HKDF-SHA-256/512 and HMAC-SHA-256/512, \
            the CCTV Ed25519 file, the Argon2 and BLAKE2 reference KATs, and the transcribed RFC files.

            Prints to stdout one line per file, "PASS" or "FAIL", the file, the suite, and passed/declared \
            cases (a failing file lists its first failing cases), then a closing line "N passed, M failed" \
            that counts FILES, not cases. Cases that need 1 GiB of memory or a million operations are skipped \
            with the reason shown unless COFFER_SLOW_VECTORS=1 is set.

            Exit status: 0 when every file passes; 1 when any file fails; 64 (usage, as for every coffer \
            command) for a wrong argument, an unreadable file or a file in no known format.

            Examples:
              coffer vectors verify
              coffer vectors verify TestVectors/published/wycheproof
              coffer vectors verify path/to/wycheproof/x25519_test.json
              coffer vectors verify --vectors-dir ~/coffer/TestVectors
              COFFER_SLOW_VECTORS=1 coffer vectors verify
            """
    )

    @Argument(help: "Vector files or directories (default: the checkout's TestVectors/generated and published).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("The TestVectors directory to run when no PATH is given.", valueName: "DIR"))
    var vectorsDir: String?

    /// How many failing cases a FAIL line lists.
    private static let failuresShown = 5

    func run() throws {
        let files: [(path: String, explicit: Bool)]
        do {
            files = try collectFiles()
        } catch let error as VectorError {
            throw Self.usageFailure(error.description)
        }
        var passed = 0
        var failed = 0
        for (path, explicit) in files {
            let report: VectorFileReport
            do {
                report = try VectorRegistry.run(path: path)
            } catch let error as VectorError {
                if case .unknownFormat = error, !explicit, !Self.declaresTests(path) { continue }
                throw Self.usageFailure(error.description)
            }
            try StandardOutput.write(Self.line(for: report, displayPath: Self.displayPath(path)) + "\n")
            if report.passed { passed += 1 } else { failed += 1 }
        }
        try StandardOutput.write("\(passed) passed, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }

    /// The explicit files, the vector-like files under the given directories, or the default TestVectors folders.
    private func collectFiles() throws -> [(path: String, explicit: Bool)] {
        var targets = paths
        if targets.isEmpty {
            let root = try vectorsDir ?? Self.findTestVectors()
            targets = ["generated", "published"].map { (root as NSString).appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0) }
            guard !targets.isEmpty else {
                throw VectorError.unreadable(path: root, reason: "it has neither generated/ nor published/")
            }
        }
        var files: [(String, Bool)] = []
        for target in targets {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
                throw VectorError.unreadable(path: target, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                files += Self.walk(target).map { ($0, false) }
            } else {
                files.append((target, true))
            }
        }
        return files
    }

    /// Every regular file below `directory`, sorted, skipping names that are never vectors.
    private static func walk(_ directory: String) -> [String] {
        let ignored: Set<String> = ["md", "shasum", "sh", "ps1"]
        let ignoredNames: Set<String> = ["LICENSE", "COPYING", "SHA256SUMS", "README"]
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || ignoredNames.contains(name) || ignored.contains((name as NSString).pathExtension)
            {
                continue
            }
            found.append(path)
        }
        return found.sorted()
    }

    /// Whether a file no runner knows still looks like a vector file (a JSON object with `numberOfTests`): such a
    /// file is an error even inside a directory, so a vector file is never skipped silently.
    private static func declaresTests(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object["numberOfTests"] != nil
    }

    /// The nearest `TestVectors` directory at or above the current directory.
    private static func findTestVectors() throws -> String {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("TestVectors")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate.path
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw VectorError.unreadable(
                    path: FileManager.default.currentDirectoryPath,
                    reason:
                        "no TestVectors directory here or above\n"
                        + "hint: run inside a Coffer checkout, or pass --vectors-dir DIR or a PATH"
                )
            }
            directory = parent
        }
    }

    private static func line(for report: VectorFileReport, displayPath: String) -> String {
        let declared = report.declaredCount.map(String.init) ?? "\(report.cases.count)"
        var line =
            "\(report.passed ? "PASS" : "FAIL")  \(displayPath)  \(report.suite)  \(report.passedCount)/\(declared)"
        if report.skippedCount > 0 {
            let reasons = Set(report.cases.filter(\.skipped).map(\.detail)).sorted().joined(separator: "; ")
            line += "  (\(report.skippedCount) skipped: \(reasons))"
        }
        if let declaredCount = report.declaredCount, declaredCount != report.cases.count {
            line += "\n      file declares \(declaredCount) cases but \(report.cases.count) were found"
        }
        if report.passedCount == 0 && report.failedCount == 0 { line += "\n      no case was run" }
        for failure in report.cases.filter({ !$0.passed && !$0.skipped }).prefix(failuresShown) {
            line += "\n      \(failure.id): \(failure.detail)"
        }
        if report.failedCount > failuresShown { line += "\n      … and \(report.failedCount - failuresShown) more" }
        return line
    }

    /// The path relative to the nearest `TestVectors/<set>` folder, e.g. `wycheproof/x25519_test.json`.
    private static func displayPath(_ path: String) -> String {
        let components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        if let index = components.lastIndex(of: "TestVectors"), index + 2 < components.count {
            return components[(index + 2)...].joined(separator: "/")
        }
        return path
    }

    private static func usageFailure(_ message: String) -> ExitCode {
        StandardError.write("coffer: \(message)\n")
        return ExitCode(CofferExit.usage)
    }
}
