// SPDX-License-Identifier: MIT
import Foundation

/// A finished child process: wall-clock time, peak resident memory (`ru_maxrss` from `wait4`) and exit status.
struct ChildResult {
    let seconds: Double
    let peakRSSKiB: Int
    let status: Int32
}

enum ChildProcess {
    /// Runs `path arguments…` with stdin on /dev/null, stdout on /dev/null (or a new file), stderr inherited, and
    /// waits for it with `wait4`.
    static func run(_ path: String, _ arguments: [String], stdout: String = "/dev/null") -> ChildResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else { fail("cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exited = status & 0x7f == 0
        return ChildResult(
            seconds: seconds, peakRSSKiB: usage.ru_maxrss, status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        )
    }

    /// Runs the child and stops the benchmark if it fails: a number from a failed run would be meaningless.
    static func runChecked(_ path: String, _ arguments: [String], stdout: String = "/dev/null") -> ChildResult {
        let result = run(path, arguments, stdout: stdout)
        guard result.status == 0 else {
            let command = ([(path as NSString).lastPathComponent] + arguments).joined(separator: " ")
            fail("\(command) exited with \(result.status)")
        }
        return result
    }

    /// Peak RSS of `path arguments…` as GNU time (`/usr/bin/time -f %M`) reports it from its own `wait4`.
    ///
    /// Not our own `wait4`: posix_spawn starts the child with vfork, and Linux carries the spawning process's memory
    /// high-water mark into the child's `ru_maxrss` at exec — every child would look as large as this benchmark.
    /// GNU time is a ~2 MiB process that forks the program, so its figure is the program's own peak.
    static func peakRSS(_ path: String, _ arguments: [String], scratch: String) -> ChildResult {
        let report = scratch + "/rss.txt"
        let result = runChecked("/usr/bin/time", ["-f", "%M", "-o", report, path] + arguments)
        let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        guard let kib = text.split(separator: "\n").last.flatMap({ Int($0) }) else { fail("no peak RSS from GNU time") }
        return ChildResult(seconds: result.seconds, peakRSSKiB: kib, status: result.status)
    }

    /// This executable, for re-running itself as a measured child.
    static var selfPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The stdout of a short command (versions for the machine description), or nil.
    static func output(_ path: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
