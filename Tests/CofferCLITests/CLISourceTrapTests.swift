// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// No way for input, output or arguments to trap the `coffer` command: `Sources/CofferCLI` has no `try!`,
/// `fatalError(`, `preconditionFailure(`, no `FileHandle` write that traps when the write fails, and no `print(`
/// (which loses a failed write silently). Comments are not code and are skipped.
@Suite struct CLISourceTrapTests {
    static let forbidden: [(name: String, pattern: String)] = [
        ("try!", #"try!"#),
        ("fatalError(", #"\bfatalError\("#),
        ("preconditionFailure(", #"\bpreconditionFailure\("#),
        ("non-throwing FileHandle write", #"FileHandle\b.*\.write\((?!contentsOf:)"#),
        ("print(", #"(?<![\w.])print\("#),
    ]

    static func violations(in text: String, file: String) throws -> [String] {
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("//") { continue }
            for (name, pattern) in forbidden where code.range(of: pattern, options: .regularExpression) != nil {
                found.append("\(file):\(number + 1): \(name): \(code)")
            }
        }
        return found
    }

    @Test func theCheckFindsWhatItLooksFor() throws {
        let sample = """
            let a = try! f()
            fatalError("x")
            preconditionFailure("y")
            FileHandle.standardOutput.write(Data())
            print(a)
            // try! in a comment
            try handle.write(contentsOf: data)
            Foundation.write(fd, p, n)
            """
        let found = try Self.violations(in: sample, file: "sample")
        #expect(found.count == 5, "\(found)")
    }

    @Test func sourcesCofferCLIHasNoTrap() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CofferCLI")
        // Every file below it: the commands live in folders by role (Commands/…, Agent/, Support/).
        let walked = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        let files = walked.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 80)
        var found: [String] = []
        for file in files.sorted() {
            found += try Self.violations(
                in: String(contentsOf: root.appendingPathComponent(file), encoding: .utf8), file: file)
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        print("Sources/CofferCLI: \(files.count) files checked, \(found.count) traps found")
    }
}
