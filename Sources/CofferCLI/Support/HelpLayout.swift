// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation

/// `--help` that ends with examples, as age and rage do. swift-argument-parser prints a command's discussion
/// (where our "Examples:" paragraph lives) before the usage and options; this moves that paragraph last.
enum HelpLayout {
    /// Parses and runs `Root`; help requests are printed with the examples moved to the end. stdout is flushed at
    /// the end (`StandardOutput.flush`): output lost there, or an `OutputError` a command did not report itself,
    /// ends in a `coffer:` message and exit 1.
    static func main<Root: ParsableCommand>(_ root: Root.Type) {
        do {
            var command = try root.parseAsRoot()
            try command.run()
            try StandardOutput.flush()
        } catch let error as OutputError {
            fail(error)
        } catch {
            guard root.exitCode(for: error) == .success, !(error is ExitCode) else { root.exit(withError: error) }
            do {
                try StandardOutput.write(examplesLast(root.fullMessage(for: error)) + "\n")
                try StandardOutput.flush()
            } catch {
                fail(error)
            }
            Foundation.exit(0)
        }
    }

    private static func fail(_ error: any Error) -> Never {
        CLI.printError("\(error)")
        Foundation.exit(CofferExit.failure)
    }

    /// Moves the block that starts with a line "Examples:" (up to the next blank line followed by an unindented
    /// heading such as "USAGE:") to the end of the text.
    static func examplesLast(_ help: String) -> String {
        var lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }) else {
            return help
        }
        var end = start + 1
        while end < lines.count, !lines[end].hasPrefix("USAGE:") { end += 1 }
        var block = Array(lines[start..<end])
        while let last = block.last, last.trimmingCharacters(in: .whitespaces).isEmpty { block.removeLast() }
        lines.removeSubrange(start..<end)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return (lines + [""] + block).joined(separator: "\n")
    }
}
