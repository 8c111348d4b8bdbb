// SPDX-License-Identifier: MIT
// Checks of option values made in `validate()`, so a value out of range is a usage error (exit 64) before any
// work is done, and never wraps, traps or reaches the library as a different number.
import ArgumentParser

enum OptionChecks {
    /// Refuses `value` outside `range`: "--max-work-factor must be from 1 to 30, not 31".
    static func check<T: BinaryInteger>(_ value: T?, in range: ClosedRange<T>, option: String, unit: String = "")
        throws
    {
        guard let value, !range.contains(value) else { return }
        throw ValidationError(
            "\(option) must be from \(range.lowerBound) to \(range.upperBound)\(unit), not \(value)")
    }

    /// Refuses more than one reader of standard input: `uses` pairs a name ("--passphrase-file", "the input")
    /// with its value, `-` meaning stdin.
    static func oneStdinReader(_ uses: [(name: String, value: String?)]) throws {
        let readers = uses.filter { $0.value == "-" }.map(\.name)
        guard readers.count > 1 else { return }
        throw ValidationError(
            "\(readers.joined(separator: " and ")) both want stdin (-): only one of them can read it")
    }

    /// `OFFSET:LENGTH` in decimal bytes, with `OFFSET + LENGTH` ≤ 2⁶⁴ − 1 (the end of the range must be a
    /// number); the file's own size is checked when it is open.
    static func byteRange(_ text: String) throws -> (offset: UInt64, length: UInt64) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let offset = UInt64(parts[0]), let length = UInt64(parts[1])
        else {
            throw ValidationError(
                "--range must be OFFSET:LENGTH in decimal bytes (each from 0 to 18446744073709551615), "
                    + "not \(ErrorPresenter.escaped(text))")
        }
        guard !offset.addingReportingOverflow(length).overflow else {
            throw ValidationError("--range \(text) ends past byte 18446744073709551615")
        }
        return (offset, length)
    }
}
