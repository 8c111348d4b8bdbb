// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import Foundation

/// `coffer inspect FILE`: the structure of an age file, without any key.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an age file's structure (armor, stanzas, payload size and chunks) without decrypting.",
        discussion: """
            Nothing here is authenticated: without the file key the header MAC and the chunks cannot be checked.
            The plaintext size is what the ciphertext length implies.

            With --json, one JSON object (schema 1, Spec/cli-json.md): armor, headerBytes, the stanzas (type, \
            argumentCount, bodyBytes, workFactor for scrypt) and the payload (bytes, chunks, plaintextBytes, or null \
            where the layout is invalid).

            Examples:
              coffer inspect report.pdf.age
              coffer inspect report.pdf.age --json
            """
    )

    @Argument(help: "The age file to inspect.")
    var file: String

    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md).") var json = false

    /// The `--json` document.
    struct Document: Encodable {
        struct Stanza: Encodable {
            let type: String
            let argumentCount: Int
            let bodyBytes: Int
            /// log2 of scrypt's N, as the stanza states it; absent for other types.
            let workFactor: Int?
        }
        /// Sizes implied by the ciphertext length; `plaintextBytes` and `chunks` are null when the layout is
        /// invalid, `bytes` too when the nonce is missing.
        struct Payload: Encodable {
            let bytes: UInt64?
            let chunks: UInt64?
            let plaintextBytes: UInt64?
            let layoutValid: Bool

            enum CodingKeys: String, CodingKey { case bytes, chunks, plaintextBytes, layoutValid }

            /// Written out as `null` when unknown (Spec/cli-json.md §2.6), not left out as synthesized code would.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(bytes, forKey: .bytes)
                try container.encode(chunks, forKey: .chunks)
                try container.encode(plaintextBytes, forKey: .plaintextBytes)
                try container.encode(layoutValid, forKey: .layoutValid)
            }
        }
        let schema = JSONOutput.schema
        let command = "inspect"
        let format = "age-encryption.org/v1"
        let authenticated = false
        let armor: Bool
        let headerBytes: UInt64
        let stanzas: [Stanza]
        let payload: Payload
    }

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
            if json {
                let stanzas = header.stanzas.map {
                    Document.Stanza(
                        type: $0.type, argumentCount: $0.arguments.count, bodyBytes: $0.body.count,
                        workFactor: $0.type == "scrypt" && $0.arguments.count == 2 ? Int($0.arguments[1]) : nil)
                }
                return try JSONOutput.write(
                    Document(armor: armored, headerBytes: headerSize, stanzas: stanzas, payload: payload(rest)))
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

    /// The payload's sizes (as `payloadLines` states them) for `--json`.
    func payload(_ afterHeader: UInt64) -> Document.Payload {
        guard afterHeader >= 16 else {
            return Document.Payload(bytes: nil, chunks: nil, plaintextBytes: nil, layoutValid: false)
        }
        let payload = afterHeader - 16
        let sealed = UInt64(PayloadChunk.sealedByteCount)
        let chunks = (payload + sealed - 1) / sealed
        let last = payload - (chunks > 0 ? (chunks - 1) * sealed : 0)
        guard chunks > 0, last >= 16, !(last == 16 && chunks > 1) else {
            return Document.Payload(bytes: payload, chunks: nil, plaintextBytes: nil, layoutValid: false)
        }
        return Document.Payload(
            bytes: payload, chunks: chunks, plaintextBytes: payload - 16 * chunks, layoutValid: true)
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
