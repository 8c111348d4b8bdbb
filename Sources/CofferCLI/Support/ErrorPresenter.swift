// SPDX-License-Identifier: MIT
// The one place where an error becomes words on stderr: `coffer: message` (one line) and `hint: …` lines.
import ArgumentParser
import CofferAge
import CofferKeys
import CofferSharing
import Foundation

/// A failure to report as `coffer: message` plus `hint:` lines on stderr.
struct CLIFailure: Error {
    let message: String
    var hints: [String] = []

    init(message: String, hints: [String] = []) {
        self.message = message
        self.hints = hints
    }

    init(_ message: String, hint: String? = nil) {
        self.init(message: message, hints: hint.map { [$0] } ?? [])
    }
}

/// Turns any error into one `coffer:` line and its hints. The library's errors are typed; their `description`
/// may end in `\nhint: …` lines, which become hints here. Every other line break, control character and
/// direction override inside a message (a file name, a vault path) is shown escaped (`\n`, `\u{202E}`), so one
/// error is always one `coffer:` line and a name cannot reorder or forge the text around it.
enum ErrorPresenter {
    /// The message and hints for `error`.
    static func present(_ error: any Error) -> (message: String, hints: [String]) {
        switch error {
        case let failure as CLIFailure: return split(failure.message, hints: failure.hints)
        case let error as AgeError: return split(error.description, hints: CLI.hints(for: error))
        case let error as AgeUsageError: return split(error.description)
        case is KeysError where (error as? KeysError) == .wrongPassword,
            is VaultError where (error as? VaultError) == .account(.wrongPassword):
            // An account has a passphrase; "password" is the links' word (one vocabulary, `coffer --help`).
            return ("wrong passphrase for this account", ["check the passphrase, or use coffer account recover"])
        case let error as KeysError: return split(error.description)
        case let error as VaultError: return split(error.description)
        case let error as LinkError: return split(error.description)
        case let error as OutputError: return split(error.description)
        case let error as POSIXError:
            // A read(2)/write(2) failure from the file streams: closed stdout, full disk, unreadable input.
            return (
                "input/output error: \(SystemErrorText.describe(error.code.rawValue))",
                ["check that the input is readable and the output writable"]
            )
        default: return (escaped(SystemErrorText.describe(error)), [])
        }
    }

    /// The text written to stderr: `coffer: message` and one `hint: …` line per hint.
    static func render(message: String, hints: [String]) -> String {
        "coffer: \(message)\n" + hints.map { "hint: \($0)\n" }.joined()
    }

    /// Splits a description into its message (the lines before the first `hint:` line, joined with an escaped
    /// line break) and its hints, escaping both.
    static func split(_ text: String, hints extra: [String] = []) -> (message: String, hints: [String]) {
        var message: [String] = []
        var hints: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("hint: "), !message.isEmpty {
                hints.append(String(line.dropFirst("hint: ".count)))
            } else if hints.isEmpty {
                message.append(String(line))
            } else {
                hints[hints.count - 1] += "\n" + line
            }
        }
        return (escaped(undoubled(message.joined(separator: "\n"))), (hints + extra).map(escaped))
    }

    /// "storage failure: storage failure: x" → "storage failure: x": a prefix repeated by a wrapping layer.
    static func undoubled(_ message: String) -> String {
        var text = message
        while let colon = text.range(of: ": ") {
            let prefix = text[..<colon.upperBound]
            guard text[colon.upperBound...].hasPrefix(prefix) else { break }
            text = String(text[colon.upperBound...])
        }
        return text
    }

    /// `text` with control characters, line and paragraph separators and bidirectional controls escaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if needsEscape(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, U+061C, U+200E/U+200F, U+2028/U+2029, U+202A–U+202E and U+2066–U+2069.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            true
        default: false
        }
    }
}

extension CLI {
    /// Prints `coffer: message` and `hint: …` lines to stderr, escaped as `ErrorPresenter` does.
    static func printError(_ message: String, hints: [String] = []) {
        let (text, allHints) = ErrorPresenter.split(message, hints: hints)
        StandardError.write(ErrorPresenter.render(message: text, hints: allHints))
    }

    /// A progress or status note on stderr (never secrets), on one line.
    static func note(_ message: String) {
        StandardError.write("coffer: \(ErrorPresenter.escaped(message))\n")
    }

    /// Runs `body`; any error is printed with hints and turned into exit code 1.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            let (message, hints) = ErrorPresenter.present(error)
            StandardError.write(ErrorPresenter.render(message: message, hints: hints))
            throw ExitCode(CofferExit.failure)
        }
    }

    static func hints(for error: AgeError) -> [String] {
        switch error.outcome {
        case .noMatch:
            // Said from the file's stanzas, so no command is told of a flag it does not have (link create has no
            // --passphrase-file: a passphrase file can carry no link).
            if case .noIdentityMatched(let types) = error.reason, types.contains("scrypt") {
                [
                    "this file is protected by a passphrase (scrypt), not encrypted to an identity: "
                        + "coffer decrypt --passphrase-file FILE opens it",
                    "links and identities need a file encrypted to a recipient: "
                        + "coffer decrypt … | coffer encrypt -r age1… -o FILE.age",
                ]
            } else {
                ["pass the identity file this file was encrypted to with -i"]
            }
        case .hmacFailure: ["the header was changed after encryption: do not trust this file; fetch it again"]
        case .headerFailure:
            if case .workFactorTooLarge = error.reason {
                ["if you trust the file's sender, raise the limit with --max-work-factor"]
            } else {
                ["this is not a valid age file, or it was damaged"]
            }
        case .payloadFailure:
            ["the file was damaged, cut or tampered with; with -o nothing was written, on stdout only verified chunks"]
        case .armorFailure: ["the armored (-----BEGIN AGE ENCRYPTED FILE-----) text was altered or re-wrapped"]
        case .success: []
        }
    }
}
