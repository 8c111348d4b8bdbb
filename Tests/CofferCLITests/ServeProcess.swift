// SPDX-License-Identifier: MIT
import CofferPrimitives
import CofferRemote
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `coffer serve` process on SQLite (`--data DIR`) or PostgreSQL (the URL in `$COFFER_DATABASE_URL`, never in
/// the arguments), on a free loopback port, with `options` added to its arguments; stopped by SIGTERM or killed by
/// SIGKILL (`kill -9`).
final class ServeProcess {
    enum Storage {
        case sqlite(URL)
        case postgres(String)
    }

    let process = Process()
    let port: Int

    /// `unlimitedRate`: `--rate-per-minute 1000000`, for looping clients on one address, which make more requests
    /// a minute than the default limit (tests about durability and availability, not rate limits: LimitTests).
    init(_ storage: Storage, options: [String] = [], unlimitedRate: Bool = true) throws {
        process.executableURL = URL(fileURLWithPath: CLIHarness.coffer)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["COFFER_DATABASE_URL"] = nil
        switch storage {
        case .sqlite(let data): process.arguments = ["serve", "--listen", "127.0.0.1:0", "--data", data.path]
        case .postgres(let url):
            process.arguments = ["serve", "--listen", "127.0.0.1:0"]
            environment["COFFER_DATABASE_URL"] = url
        }
        process.arguments? += (unlimitedRate ? ["--rate-per-minute", "1000000"] : []) + options
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: "serving on http://127.0.0.1:") {
                let digits = seen[range.upperBound...].prefix { $0.isNumber }
                if seen[range.upperBound...].dropFirst(digits.count).first == "\n" { found = Int(digits) }
            }
        }
        guard let found else {
            process.terminate()
            throw ServeCLITests.ServeFailure(output: seen)
        }
        port = found
        // Keep draining stderr so the server never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    var url: String { "http://127.0.0.1:\(port)/" }

    var isRunning: Bool { process.isRunning }

    /// A line of the server's `/proc/PID/status` or `/proc/PID/io` (`VmHWM`, `rchar`), in its unit (KiB, bytes).
    func procValue(_ file: String, _ key: String) -> Int? {
        let text = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/\(file)", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
        return line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
    }

    /// `kill -9`: no handler runs, nothing is flushed or closed by the server.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then its exit status (that of the earlier exit when it is not running).
    @discardableResult func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The test PostgreSQL cluster (`$COFFER_TEST_POSTGRES_URL`, started by `./dev test`): required in CI, where its
/// absence fails the tests that need it; locally they are skipped with a note when it is not set.
enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["COFFER_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    static var required: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The storages a server fault test runs on.
    static var backends: [String] { required ? ["sqlite", "postgres"] : ["sqlite"] }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "COFFER_TEST_POSTGRES_URL is not set although CI=true: ./dev test exports it" }
    }

    static func requireURL() throws -> String {
        guard let url else { throw Missing() }
        return url
    }

    static let skipped: Comment = "COFFER_TEST_POSTGRES_URL is not set (./dev test starts PostgreSQL and sets it)"

    /// `./dev` at the repository root: it starts and stops throw-away clusters (`./dev postgres start|stop DIR`).
    static let dev = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("dev").path

    /// `./dev postgres start|stop DIR`; `start` prints the cluster's URL. Its output goes through a file, not a
    /// pipe: the started server may keep an inherited descriptor open, and a pipe would then never end.
    static func cluster(_ action: String, _ directory: URL) throws -> (status: Int32, output: String) {
        let output = directory.deletingLastPathComponent().appendingPathComponent(
            directory.lastPathComponent + ".\(action).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        let script = "exec \"$0\" postgres \"$1\" \"$2\" > \"$3\" 2>&1 < /dev/null"
        process.arguments = ["-c", script, dev, action, directory.path, output.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}

/// One HTTP exchange on loopback, blocking: its status (0 for no answer) and body; signed (Spec/server.md §6.1)
/// when a `signer` is given, as vault requests and link uploads must be.
func exchange(
    _ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil,
    timeout: TimeInterval = 60, signer: RequestSigner? = nil
) -> (status: Int, body: Data) {
    var request = URLRequest(url: URL(string: url)!, timeoutInterval: timeout)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = body
    signer?.sign(&request)
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: (Int, Data) = (0, Data())
    URLSession.shared.dataTask(with: request) { data, response, _ in
        result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
        done.signal()
    }.resume()
    done.wait()
    return result
}
