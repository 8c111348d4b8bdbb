// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Foundation

/// Writes `age_v1_files.json`: complete age files from the published seed, valid ones and one file per reader rule
/// (each expecting its exact `AgeError` case). The tampered payloads are built here from the STREAM formula with
/// the primitives directly — an independent second implementation of the chunk layout.
package struct AgeFileVectorGenerator: VectorGenerator {
    package let fileName = "age_v1_files.json"

    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let identity = X25519Identity(privateKey: try X25519.PrivateKey(rawRepresentation: random.secret(32)))
        let stranger = X25519Identity(privateKey: try X25519.PrivateKey(rawRepresentation: random.secret(32)))
        let fileKey = try FileKey(secret: random.secret(16))
        let nonce = random.bytes(16)
        let ephemeral = try X25519.PrivateKey(rawRepresentation: random.secret(32))
        let stanzas = try identity.recipient.wrap(fileKey, ephemeral: ephemeral)
        let payloadKey = try HKDF<SHA256>.deriveKey(
            inputKeyMaterial: fileKey.secret, salt: nonce, info: Array("payload".utf8), outputByteCount: 32)
        let header = Header(stanzas: stanzas, fileKey: fileKey).encoded

        func chunk(_ plaintext: ArraySlice<UInt8>, _ index: UInt64, last: Bool) throws -> [UInt8] {
            var n = [UInt8](repeating: 0, count: 12)
            for k in 0..<8 { n[10 - k] = UInt8(truncatingIfNeeded: index >> (8 * UInt64(k))) }
            n[11] = last ? 1 : 0
            return try ChaCha20Poly1305.seal(Array(plaintext), using: payloadKey, nonce: n)
        }
        func chunks(_ plaintext: [UInt8]) throws -> [[UInt8]] {
            let count = max(1, (plaintext.count + 65535) / 65536)
            return try (0..<count).map { i in
                try chunk(
                    plaintext[(i * 65536)..<min((i + 1) * 65536, plaintext.count)], UInt64(i), last: i == count - 1)
            }
        }
        func file(_ plaintext: [UInt8], armored: Bool = false, stanzas: [Stanza] = stanzas) throws -> [UInt8] {
            let sink = MemorySink()
            try AgeEncryptor(recipients: [identity.recipient], armored: armored, concurrency: .sequential)
                .encrypt(from: MemorySource(plaintext), to: sink, fileKey: fileKey, stanzas: stanzas, nonce: nonce)
            return sink.bytes
        }

        let key = identity.encodedSecret()
        var tests: [AgeFileVectorTest] = []
        func add(
            _ comment: String, _ bytes: [UInt8], released: [UInt8], _ error: AgeError?,
            armored: Bool = false, passphrase: String? = nil, flags: [String] = []
        ) {
            tests.append(
                AgeFileVectorTest(
                    tcId: tests.count + 1, comment: comment, flags: flags, identity: key, passphrase: passphrase,
                    armored: armored,
                    file: bytes, released: released, expect: error?.name, outcome: error?.outcome.rawValue ?? "success")
            )
        }

        // Valid files.
        for size in [0, 1, 65536, 65537] {
            let plaintext = random.bytes(size)
            add(
                "\(size)-byte plaintext: \(max(1, (size + 65535) / 65536)) chunk(s)", try file(plaintext),
                released: plaintext, nil)
        }
        let short = random.bytes(100)
        add("armored", try file(short, armored: true), released: short, nil, armored: true, flags: ["Armor"])
        let crlf = String(decoding: try file(short, armored: true), as: UTF8.self).replacingOccurrences(
            of: "\n", with: "\r\n")
        add("armored with CRLF line endings", Array(crlf.utf8), released: short, nil, armored: true, flags: ["Armor"])
        let grease = try Stanza(type: "coffer.dev/grease", arguments: ["x"], body: random.bytes(20))
        let others = try stranger.recipient.wrap(
            fileKey, ephemeral: X25519.PrivateKey(rawRepresentation: random.secret(32)))
        add(
            "unknown stanza types are ignored; the matching stanza is found among others",
            try file(short, stanzas: [grease] + others + stanzas), released: short, nil, flags: ["Grease"])

        // Payload failures.
        let one = random.bytes(65537)
        let c1 = try chunks(one)
        add(
            "cut after the first full chunk", header + nonce + c1[0], released: Array(one.prefix(65536)),
            .truncated(chunksRead: 1), flags: ["Truncation"])
        add("no chunk after the nonce", header + nonce, released: [], .truncated(chunksRead: 0), flags: ["Truncation"])
        add(
            "last byte flipped", header + nonce + c1[0] + c1[1].dropLast() + [c1[1].last! ^ 1],
            released: Array(one.prefix(65536)), .chunkAuthenticationFailed(chunk: 1), flags: ["BitFlip"])
        let full = random.bytes(65536)
        add("data after a full final chunk", try file(full) + [0], released: full, .trailingData, flags: ["Extension"])
        add(
            "empty final chunk after a full chunk",
            header + nonce + (try chunk(full[...], 0, last: false)) + (try chunk([], 1, last: true)),
            released: full, .emptyFinalChunk(chunk: 1), flags: ["EmptyChunk"])
        let three = random.bytes(2 * 65536 + 10)
        let c3 = try chunks(three)
        add(
            "first two chunks swapped", header + nonce + c3[1] + c3[0] + c3[2], released: [],
            .chunkAuthenticationFailed(chunk: 0), flags: ["Reorder"])
        add(
            "middle chunk dropped", header + nonce + c3[0] + c3[2], released: Array(three.prefix(65536)),
            .chunkAuthenticationFailed(chunk: 1), flags: ["Reorder"])
        add(
            "first chunk duplicated", header + nonce + c3[0] + c3[0] + c3[1] + c3[2],
            released: Array(three.prefix(65536)),
            .chunkAuthenticationFailed(chunk: 1), flags: ["Reorder"])

        // Header failures, no match, HMAC failure, armor failure.
        add("nonce cut to 8 bytes", header + nonce.prefix(8), released: [], .missingNonce)
        var badMAC = try file(short)
        badMAC[header.count - 3] = badMAC[header.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        add("header MAC altered", badMAC, released: [], .headerMACMismatch)
        add(
            "encrypted to someone else", try file(short, stanzas: others), released: [],
            .noIdentityMatched(stanzaTypes: ["X25519"]))
        let lowOrder = try Stanza(
            type: "X25519", arguments: [Base64.encode([UInt8](repeating: 0, count: 32))],
            body: random.bytes(32))
        add("X25519 share is the zero point", try file(short, stanzas: [lowOrder]), released: [], .lowOrderShare)
        let scrypt23 = try Stanza(
            type: "scrypt", arguments: [Base64.encode(random.bytes(16)), "23"], body: random.bytes(32))
        add(
            "scrypt work factor 23 is above the cap of 22", try file(short, stanzas: [scrypt23]), released: [],
            .workFactorTooLarge(logN: 23, maximum: 22), passphrase: "vector passphrase")
        let scrypt10 = try Stanza(
            type: "scrypt", arguments: [Base64.encode(random.bytes(16)), "10"], body: random.bytes(32))
        add(
            "scrypt stanza next to an X25519 stanza (checked before any identity is tried)",
            try file(short, stanzas: others + [scrypt10]), released: [], .scryptNotAlone)
        var v2 = try file(short)
        v2[20] = UInt8(ascii: "2")
        add("version line age-encryption.org/v2", v2, released: [], .unsupportedVersion("age-encryption.org/v2"))
        let crlfHeader = String(decoding: header, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
        add(
            "header lines end with CRLF", Array(crlfHeader.utf8) + nonce + c1[0], released: [],
            .malformedHeader("CRLF"))
        add(
            "text after the END line", try file(short, armored: true) + Array("junk\n".utf8), released: [],
            .invalidArmor("trailing"), armored: true, flags: ["Armor"])

        let vectorFile = CofferVectorFile(
            algorithm: "coffer-age-v1-files",
            header: [
                "Complete age v1 files and the exact AgeError each must produce (Spec/content-format.md §3–§6).",
                "Keys, nonces and plaintexts come from the published seed; payloads for tampering are sealed",
                "directly from the STREAM formula.",
            ],
            notes: [
                "Armor": "the file is ASCII-armored",
                "Truncation": "the payload was cut", "Extension": "bytes were appended",
                "BitFlip": "one bit was flipped", "Reorder": "chunks were swapped, dropped or duplicated",
                "EmptyChunk": "an empty final chunk that is not the only chunk",
                "Grease": "unknown stanzas that a reader must ignore",
            ],
            testGroups: [CofferVectorGroup(type: "AgeFileDecrypt", tests: tests)])
        return try CofferVectorFormat.encode(vectorFile)
    }
}
