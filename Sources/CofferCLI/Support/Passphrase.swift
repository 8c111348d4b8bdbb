// SPDX-License-Identifier: MIT
// Passphrases come from the terminal without echo, or from a file; never from argv or the environment.
import CofferPrimitives
import Foundation

enum Passphrase {
    /// The secret from `file` (`-` is stdin), or asked for on the terminal (twice when `confirm`).
    static func read(
        file: String?, kind: InputFileKind = .passphrase, prompt: String, confirm: Bool = false
    ) throws -> SecretBytes {
        if let file { return try fromFile(file, kind: kind) }
        return try fromTerminal(prompt: "\(prompt): ", confirm: confirm)
    }

    /// The first line of `path` (`-` for stdin), without its line ending (`\n` or `\r\n`), as a secret. An empty
    /// first line is refused: an empty passphrase file is almost always a mistake in a script. The file is read
    /// through `BoundedFileReader` (a directory or device refused, at most 64 KiB).
    static func fromFile(_ path: String, kind: InputFileKind = .passphrase) throws -> SecretBytes {
        var data = try BoundedFileReader.read(path, kind: kind)
        defer { BoundedFileReader.zero(&data) }
        var bytes = Array(data.prefix { $0 != 0x0A })
        defer { BoundedFileReader.zero(&bytes) }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else {
            throw CLIFailure(
                message: "\(kind.rawValue) \"\(path)\" is empty or starts with an empty line",
                hints: ["put the \(kind.secretName) on the first line of the file"])
        }
        return SecretBytes(bytes)
    }

    /// Prompts on /dev/tty with echo off (termios), like readpassphrase(3).
    static func fromTerminal(prompt: String, confirm: Bool) throws -> SecretBytes {
        let first = try readTTY(prompt)
        if confirm {
            let second = try readTTY("Confirm: ")
            guard first == second else {
                throw CLIFailure(message: "the two entries differ", hints: ["run the command again"])
            }
        }
        guard first.count > 0 else { throw CLIFailure(message: "empty passphrase", hints: ["type a passphrase"]) }
        return first
    }

    private static func readTTY(_ prompt: String) throws -> SecretBytes {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIFailure(
                message: "no terminal to ask for a passphrase",
                hints: ["use --passphrase-file FILE (or - for stdin) in scripts"])
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
        while count < line.count, Glibc.read(fd, &byte, 1) == 1, byte != 0x0A {
            line[count] = byte
            count += 1
        }
        if count > 0 && line[count - 1] == 0x0D { count -= 1 }
        return SecretBytes(line[..<count])
    }
}
