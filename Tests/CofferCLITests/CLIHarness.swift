// SPDX-License-Identifier: MIT
import Foundation

/// Runs the built `coffer` binary and the Debian `age` tools in a scratch directory.
enum CLIHarness {
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
    }

    /// `coffer` next to the test bundle in the build products directory (`swift build --build-tests` builds both).
    static let coffer: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "coffer")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/coffer").path
    }()

    static let ageAvailable =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/age")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/age-keygen")

    static func run(
        _ executable: String, _ arguments: [String], stdin: Data = Data(), in directory: URL
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = Thread {
            // A command may exit without reading its input: a broken pipe is its answer, not the harness's crash.
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        nonisolated(unsafe) var errorData = Data()
        let errorReader = Thread { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: outputData, stderr: String(decoding: errorData, as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a program on a new pseudo-terminal (python3's pty module): every time `word` appears once more
    /// (case-insensitively) in what the terminal shows, the first line of the secret file is typed (nothing is typed
    /// when `word` is empty); what the terminal showed is printed on stdout; the exit status is the program's.
    /// Arguments: WORD SECRET_FILE PROGRAM ARGS…
    static let ptyDriver = """
        import os, pty, sys
        word = sys.argv[1].lower().encode()
        secret = open(sys.argv[2], 'rb').read().split(b'\\n')[0] if word else b''
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[3], sys.argv[3:])
        seen, typed = b'', 0
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            seen += data
            while word and seen.lower().count(word) > typed:
                typed += 1
                try:
                    os.write(fd, secret + b'\\n')
                except OSError:
                    break
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(seen)
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    /// `executable ARGUMENTS` on a pseudo-terminal that types the first line of `secretFile` whenever `word`
    /// appears (see `ptyDriver`); `stdout` is everything the terminal showed (the program's stdout and stderr,
    /// prompts and any echo).
    static func runOnTerminal(
        _ executable: String, _ arguments: [String], typing word: String = "", from secretFile: String = "",
        in directory: URL
    ) throws -> Result {
        let script = directory.appendingPathComponent("pty_driver.py")
        try ptyDriver.write(to: script, atomically: true, encoding: .utf8)
        return try run("/usr/bin/python3", [script.path, word, secretFile, executable] + arguments, in: directory)
    }

    static func runWithTerminal(
        _ executable: String, _ arguments: [String], passphraseFile: String, in directory: URL
    ) throws -> Result {
        try runOnTerminal(executable, arguments, typing: "passphrase", from: passphraseFile, in: directory)
    }

    static func bytes(_ count: Int) -> Data {
        var state: UInt32 = 12345
        return Data(
            (0..<count).map { _ in
                state = state &* 1_103_515_245 &+ 12345
                return UInt8(truncatingIfNeeded: state >> 16)
            })
    }
}
