// SPDX-License-Identifier: MIT
// Plumbing shared by the `coffer link` subcommands: error reporting, identities, in-place header rewrite.
import CofferAge
import CofferKeys
import CofferRemote
import CofferSharing
import Foundation

enum LinkCLI {
    /// `CLI.run`, with `LinkError` reported by its own message (which carries its `hint:` lines) and a storage
    /// server's answer (`LinkRemoteError`) in words.
    static func run(_ body: () throws -> Void) throws {
        try CLI.run {
            do {
                try body()
            } catch let error as LinkError {
                throw CLIFailure(message: error.description)
            } catch let error as LinkRemoteError {
                throw failure(error)
            }
        }
    }

    static func identities(_ paths: [String]) throws -> [any Identity] {
        guard !paths.isEmpty else {
            throw CLIFailure(
                message: "no identity given",
                hints: ["changing a file's links needs its file key: pass an identity the file is encrypted to with -i"]
            )
        }
        return try CLI.readIdentityFiles(paths)
    }

    /// A password from `file`, or from the terminal when `prompt` (with confirmation when `confirm`).
    static func password(file: String?, prompt: Bool, confirm: Bool) throws -> Password? {
        if let file { return Password(try Passphrase.fromFile(file, kind: .password)) }
        guard prompt else { return nil }
        return Password(try Passphrase.fromTerminal(prompt: "Link password: ", confirm: confirm))
    }

    /// `--password` asks on the controlling terminal (/dev/tty, as the prompt does): without one, fail before any
    /// download, with the words of links rather than the prompt's.
    static func requireTerminal() throws {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIFailure(
                message: "no terminal to ask for the link's password (--password)",
                hints: ["give the password on the first line of a file: --password-file FILE"])
        }
        close(fd)
    }

    /// The age file at `path`, opened and positioned after its header. Readers (`readable`: open, list) take binary
    /// or armored files (Spec/links.md §4: link stanzas are header stanzas, whichever form carries the header);
    /// writers (create, revoke) take binary files only, since they keep the payload byte for byte.
    static func openAgeFile(_ path: String, readable: Bool = false) throws -> (header: Header, source: BufferedSource) {
        if readable {
            let source = try AgeDecryptor.unarmored(try CLI.openInput(path), mode: .detect)
            return (try HeaderParser.parse(from: source), source)
        }
        let source = BufferedSource(try CLI.openInput(path))
        if try Armor.looksArmored(source) {
            throw CLIFailure(
                message: "\"\(path)\" is armored; links are added to binary age files",
                hints: ["convert it first: coffer decrypt … | coffer encrypt … (without -a)"])
        }
        return (try HeaderParser.parse(from: source), source)
    }

    /// `header` followed by the rest of `source` (nonce and payload, unchanged), written to a temporary file that
    /// replaces `path` (a symlink's target, keeping its mode) when the caller commits it: until then, and on any
    /// failure, the original file is left as it was.
    static func rewrite(_ path: String, header: Header, rest source: BufferedSource) throws -> OutputDestination {
        let output = try OutputDestination.replacingInPlace(path)
        let sink = output.sink
        try sink.write(header.encoded)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return output
    }
}
