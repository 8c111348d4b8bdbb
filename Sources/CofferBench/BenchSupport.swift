// SPDX-License-Identifier: MIT
import Foundation

/// Wall-clock time of `body` in seconds (monotonic clock).
func wallClock(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The options of one benchmark run; `./dev bench --help` prints them.
struct BenchOptions {
    /// Size of the large file in MiB (1024 = the recorded 1 GiB run).
    var sizeMiB = 1024
    /// Each throughput measurement is the best of this many runs.
    var runs = 3
    /// Skip the Argon2 profiles (they take a few seconds each).
    var skipKDF = false
    /// Run only the recipient-type rows (post-quantum hybrid vs X25519) and print their table.
    var recipientsOnly = false
    /// Run only the vault folder and large-file rows through the coffer CLI (`VaultTree`).
    var vaultTree = false
    /// Files in the `--vault-tree` folder.
    var files = 10_000

    static let usage = """
        usage: CofferBench [--size-mib N] [--runs N] [--skip-kdf] [--recipients-only]
          --size-mib N   size of the large test file in MiB (default 1024 = 1 GiB, the recorded run)
          --runs N       best of N wall-clock runs per throughput row (default 3)
          --skip-kdf     leave out the Argon2id profiles
          --recipients-only  only the recipient-type rows (hybrid ML-KEM-768 + X25519 vs X25519), no files
          --vault-tree   only the vault rows through the coffer CLI: put -r of --files N 4 KiB files (default
                         10000), one more put, ls, verify, get -r, share, unshare; put/get of a --size-mib file
        The coffer CLI is used when a `coffer` binary with an `encrypt` subcommand sits next to CofferBench.
        """

    init(arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--size-mib": sizeMiB = BenchOptions.positive(rest.popFirst(), flag)
            case "--runs": runs = BenchOptions.positive(rest.popFirst(), flag)
            case "--skip-kdf": skipKDF = true
            case "--recipients-only": recipientsOnly = true
            case "--vault-tree": vaultTree = true
            case "--files": files = BenchOptions.positive(rest.popFirst(), flag)
            case "-h", "--help":
                print(BenchOptions.usage)
                exit(0)
            default: fail("unknown option \(flag)\n\(BenchOptions.usage)")
            }
        }
    }

    private static func positive(_ text: String?, _ flag: String) -> Int {
        guard let text, let value = Int(text), value > 0 else { fail("\(flag) needs a positive integer") }
        return value
    }
}

/// Prints `coffer-bench: message` to stderr and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("coffer-bench: \(message)\n".utf8))
    exit(1)
}

/// Progress on stderr, so stdout carries only the report.
func progress(_ message: String) {
    FileHandle.standardError.write(Data("coffer-bench: \(message)\n".utf8))
}

/// A markdown table, printed with aligned columns.
struct Table {
    let columns: [String]
    var rows: [[String]] = []

    init(_ columns: String...) {
        self.columns = columns
    }

    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    var markdown: String {
        let widths = columns.indices.map { i in ([columns[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| "
                + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([line(columns), rule] + rows.map(line)).joined(separator: "\n")
    }
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

func ratio(_ value: Double, _ reference: Double?) -> String {
    guard let reference, reference > 0 else { return "n/a" }
    return format(value / reference) + "×"
}
