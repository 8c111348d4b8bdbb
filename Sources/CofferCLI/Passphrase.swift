// SPDX-License-Identifier: MIT
// Passphrases come from the terminal without echo, or from a file; never from argv or the environment.
import CofferPrimitives
import Foundation

enum Passphrase {
    /// The first line of `path` (without its line ending) as a secret.
    static func fromFile(_ path: String) throws -> SecretBytes {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(
                message: "cannot read passphrase file \"\(path)\"", hints: ["check the path and its permissions"])
        }
        var bytes = Array(data.prefix { $0 != 0x0A })
        defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { throw CLIFailure(message: "passphrase file \"\(path)\" starts with an empty line") }
        return SecretBytes(bytes)
    }

    /// Prompts on /dev/tty with echo off (termios), like readpassphrase(3).
    static func fromTerminal(prompt: String, confirm: Bool) throws -> SecretBytes {
        let first = try readTTY(prompt)
        if confirm {
            let second = try readTTY("Confirm passphrase: ")
            guard first == second else { throw CLIFailure(message: "passphrases do not match") }
        }
        guard first.count > 0 else { throw CLIFailure(message: "empty passphrase", hints: ["type a passphrase"]) }
        return first
    }

    private static func readTTY(_ prompt: String) throws -> SecretBytes {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIFailure(
                message: "no terminal to ask for a passphrase", hints: ["use --passphrase-file FILE in scripts"])
        }
        defer { close(fd) }
        var original = termios()
        let haveTermios = tcgetattr(fd, &original) == 0
        if haveTermios {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(fd, TCSAFLUSH, &silent)
        }
        defer {
            if haveTermios { _ = tcsetattr(fd, TCSAFLUSH, &original) }
            _ = "\n".withCString { write(fd, $0, 1) }
        }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var line = [UInt8](repeating: 0, count: 1024)
        defer { line.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        var count = 0
        var byte: UInt8 = 0
        while count < line.count, read(fd, &byte, 1) == 1, byte != 0x0A {
            line[count] = byte
            count += 1
        }
        if count > 0 && line[count - 1] == 0x0D { count -= 1 }
        return SecretBytes(line[..<count])
    }
}
