// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// Reads passphrases and recovery keys: from a file (`--passphrase-file F`, `-` for stdin; one trailing newline
/// is removed) or from the terminal with echo off (termios on /dev/tty). Never from argv.
enum PassphraseInput {
    /// The secret from `file`, or asked for on the terminal (twice when `confirm`).
    static func read(file: String?, prompt: String, confirm: Bool = false) throws -> SecretBytes {
        if let file { return try fromFile(file) }
        let first = try fromTerminal(prompt: prompt)
        if confirm {
            let second = try fromTerminal(prompt: "Confirm \(prompt.prefix(1).lowercased() + prompt.dropFirst())")
            guard first == second else { throw CLIFailure("the two entries differ", hint: "run the command again") }
        }
        return first
    }

    static func fromFile(_ path: String) throws -> SecretBytes {
        let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
        guard let handle else { throw CLIFailure("cannot read passphrase file \(path)") }
        var bytes = Array(handle.readDataToEndOfFile())
        defer { for index in bytes.indices { bytes[index] = 0 } }
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        return SecretBytes(bytes)
    }

    static func fromTerminal(prompt: String) throws -> SecretBytes {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIFailure("no terminal to ask for the secret", hint: "use --passphrase-file FILE (or - for stdin)")
        }
        defer { close(fd) }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { throw CLIFailure("cannot configure the terminal") }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ICANON)
        _ = Array("\(prompt): ".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        tcsetattr(fd, TCSAFLUSH, &silent)
        defer {
            tcsetattr(fd, TCSAFLUSH, &original)
            _ = write(fd, "\n", 1)
        }
        var line: [UInt8] = []
        defer { for index in line.indices { line[index] = 0 } }
        var byte: UInt8 = 0
        while Glibc.read(fd, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        return SecretBytes(line)
    }
}
