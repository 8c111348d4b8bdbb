// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import Foundation

/// `coffer inspect FILE`: the structure of an age file, without any key.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an age file's structure (armor, stanzas, payload size and chunks) without decrypting.",
        discussion: """
            Nothing here is authenticated: without the file key the header MAC and the chunks cannot be checked.
            The plaintext size is what the ciphertext length implies.

            Examples:
              coffer inspect report.pdf.age
            """
    )

    @Argument(help: "The age file to inspect.")
    var file: String

    func run() throws {
        try CLI.run {
            let raw = BufferedSource(try CLI.openInput(file))
            let armored = try Armor.looksArmored(raw)
            let source = try AgeDecryptor.unarmored(raw, mode: armored ? .required : .binary)
            let header = try HeaderParser.parse(from: source)
            let headerSize = source.consumed
            var rest: UInt64 = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                rest += UInt64(n)
            }
            var lines = [
                "format: age-encryption.org/v1", "armor: \(armored ? "yes" : "no")", "header: \(headerSize) bytes",
            ]
            lines.append("stanzas: \(header.stanzas.count)")
            for stanza in header.stanzas {
                var line = "  - \(stanza.type) (\(stanza.arguments.count) argument(s), \(stanza.body.count)-byte body)"
                if stanza.type == "scrypt", stanza.arguments.count == 2 {
                    line += ", work factor 2^\(stanza.arguments[1])"
                } else if stanza.type == "mlkem768x25519" {
                    line += ", post-quantum hybrid ML-KEM-768 + X25519"
                } else if stanza.type == "X25519" {
                    line += ", classical X25519"
                }
                lines.append(line)
            }
            lines += payloadLines(rest)
            try StandardOutput.write(lines.joined(separator: "\n") + "\n")
        }
    }

    func payloadLines(_ afterHeader: UInt64) -> [String] {
        guard afterHeader >= 16 else {
            return ["payload: missing (\(afterHeader) bytes after the header, nonce needs 16)"]
        }
        let payload = afterHeader - 16
        let sealed = UInt64(PayloadChunk.sealedByteCount)
        let chunks = (payload + sealed - 1) / sealed
        var lines = ["payload: \(payload) bytes after the 16-byte nonce", "chunks: \(chunks) of up to 64 KiB"]
        let last = payload - (chunks > 0 ? (chunks - 1) * sealed : 0)
        if chunks == 0 || last < 16 || (last == 16 && chunks > 1) {
            lines.append("plaintext: invalid chunk layout (the file is truncated or damaged)")
        } else {
            lines.append("plaintext: \(payload - 16 * chunks) bytes (unauthenticated)")
        }
        return lines
    }
}
