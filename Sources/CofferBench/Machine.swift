// SPDX-License-Identifier: MIT
import Foundation

/// The machine and software versions a result belongs to, printed at the top of every report.
enum Machine {
    static func describe() -> String {
        let cpu = firstValue(in: "/proc/cpuinfo", key: "model name") ?? "unknown CPU"
        let memory =
            firstValue(in: "/proc/meminfo", key: "MemTotal")
            .flatMap { Double($0.split(separator: " ")[0]) }.map { String(format: "%.1f GiB", $0 / 1_048_576) } ?? "?"
        let os =
            (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "?"
        let swift =
            ChildProcess.output("/usr/bin/env", ["swift", "--version"])?
            .split(separator: "\n").first { $0.contains("Swift version") }.map(String.init) ?? "?"
        let packages = ["libsodium23", "libargon2-1", "age"].map { name in
            "\(name) \(ChildProcess.output("/usr/bin/dpkg-query", ["-W", "-f", "${Version}", name]) ?? "?")"
        }
        return """
            - CPU: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores available (nproc)
            - RAM: \(memory); OS: \(os); kernel \(ChildProcess.output("/usr/bin/uname", ["-r"]) ?? "?")
            - \(swift); packages: \(packages.joined(separator: ", "))
            """
    }

    private static func firstValue(in path: String, key: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            return line.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
