// SPDX-License-Identifier: MIT
import ArgumentParser

/// `--timeout`: a whole number with a unit, `s`, `m` or `h` (`90s`, `15m`, `8h`; a bare number is seconds),
/// from 1 second to 24 hours.
struct AgentDuration: ExpressibleByArgument {
    static let maximumSeconds: UInt32 = 24 * 3600

    let seconds: UInt32

    init(seconds: UInt32) { self.seconds = seconds }

    init?(argument: String) {
        var digits = Substring(argument)
        var unit: UInt32 = 1
        switch argument.last {
        case "s": digits = digits.dropLast()
        case "m": (digits, unit) = (digits.dropLast(), 60)
        case "h": (digits, unit) = (digits.dropLast(), 3600)
        default: break
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count <= 6,
            let value = UInt32(digits)
        else { return nil }
        let (total, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow, total >= 1, total <= Self.maximumSeconds else { return nil }
        seconds = total
    }

    /// `1h 2m 3s` style, for status lines.
    static func text(_ seconds: UInt32) -> String {
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(rest)s" }
        return "\(rest)s"
    }

    static var defaultValueDescription: String { "15m" }
}
