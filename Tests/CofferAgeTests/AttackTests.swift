// SPDX-License-Identifier: MIT
import CofferAge
import Testing

/// The storage provider is the attacker: it truncates, extends, reorders and flips bits. Each attempt must end in
/// the exact typed error, with only authenticated chunks (those before the damage) released.
@Suite("Attacks on encrypted files")
struct AttackTests {
    static let chunk = 65536 + 16
    /// 3 full chunks and a 100-byte final chunk.
    static let plaintext = Support.bytes(3 * 65536 + 100)
    static let file = try! Support.encrypt(plaintext)
    static let parts = try! Support.split(file)

    /// Decrypts `header ‖ nonce ‖ payload` and returns the error and the plaintext released before it.
    static func attempt(
        payload: [UInt8], nonce: [UInt8] = parts.nonce, header: [UInt8] = parts.header,
        chunksPerBatch: Int = 1
    ) -> (AgeError?, [UInt8]) {
        let sink = MemorySink()
        let error = Support.ageError {
            try AgeDecryptor(identities: [Support.identity], concurrency: .batches(of: chunksPerBatch))
                .decrypt(from: MemorySource(header + nonce + payload), to: sink)
        }
        return (error, sink.bytes)
    }

    static func chunks(_ payload: [UInt8]) -> [[UInt8]] {
        stride(from: 0, to: payload.count, by: chunk).map { Array(payload[$0..<min($0 + chunk, payload.count)]) }
    }

    @Test("truncation at a chunk boundary is `truncated`, after releasing the intact chunks", arguments: [1, 4])
    func truncateAtBoundary(chunksPerBatch: Int) {
        let (error, released) = AttackTests.attempt(
            payload: Array(AttackTests.parts.payload.prefix(3 * AttackTests.chunk)),
            chunksPerBatch: chunksPerBatch)
        #expect(error == .truncated(chunksRead: 3))
        #expect(released == Array(AttackTests.plaintext.prefix(3 * 65536)))
    }

    @Test("truncation inside a chunk fails that chunk's authentication")
    func truncateInsideChunk() {
        let (error, released) = AttackTests.attempt(payload: Array(AttackTests.parts.payload.dropLast(10)))
        #expect(error == .chunkAuthenticationFailed(chunk: 3))
        #expect(released.count == 3 * 65536)
    }

    @Test("no payload at all is `truncated` with zero chunks; a cut nonce is `missingNonce`")
    func truncateEverything() {
        #expect(AttackTests.attempt(payload: []).0 == .truncated(chunksRead: 0))
        #expect(AttackTests.attempt(payload: [], nonce: Array(AttackTests.parts.nonce.prefix(5))).0 == .missingNonce)
    }

    @Test("appending data after a short final chunk fails its authentication")
    func extendShortFinal() {
        let (error, _) = AttackTests.attempt(payload: AttackTests.parts.payload + [0])
        #expect(error == .chunkAuthenticationFailed(chunk: 3))
    }

    @Test("appending after a full final chunk is `trailingData`", arguments: [1, 4])
    func extendFullFinal(chunksPerBatch: Int) throws {
        let plaintext = Support.bytes(2 * 65536)
        let parts = try Support.split(try Support.encrypt(plaintext))
        let lastChunk = Array(parts.payload.suffix(AttackTests.chunk))
        for extra in [[UInt8(1)], lastChunk] {
            let (error, released) = AttackTests.attempt(
                payload: parts.payload + extra, nonce: parts.nonce,
                header: parts.header, chunksPerBatch: chunksPerBatch)
            #expect(error == .trailingData)
            #expect(released == plaintext)
        }
    }

    @Test("swapping, dropping or duplicating a chunk fails at the first misplaced chunk", arguments: [1, 4])
    func reorder(chunksPerBatch: Int) {
        let c = AttackTests.chunks(AttackTests.parts.payload)
        let cases: [([[UInt8]], UInt64)] = [
            ([c[1], c[0], c[2], c[3]], 0),  // swapped
            ([c[0], c[2], c[3]], 1),  // dropped
            ([c[0], c[0], c[1], c[2], c[3]], 1),  // duplicated
            ([c[0], c[1], c[3]], 2),  // final chunk moved up
        ]
        for (order, failing) in cases {
            let (error, released) = AttackTests.attempt(payload: order.flatMap { $0 }, chunksPerBatch: chunksPerBatch)
            #expect(error == .chunkAuthenticationFailed(chunk: failing))
            #expect(released == Array(AttackTests.plaintext.prefix(Int(failing) * 65536)))
        }
    }

    @Test(
        "a flipped bit anywhere in the payload fails that chunk; nothing from it is released",
        arguments: [0, 70_000, 2 * 65552 + 5, 3 * 65552 + 99])
    func bitFlipPayload(position: Int) {
        var payload = AttackTests.parts.payload
        payload[position] ^= 0x01
        let (error, released) = AttackTests.attempt(payload: payload)
        let index = position / AttackTests.chunk
        #expect(error == .chunkAuthenticationFailed(chunk: UInt64(index)))
        #expect(released == Array(AttackTests.plaintext.prefix(index * 65536)))
    }

    @Test("a flipped bit in the nonce fails chunk 0")
    func bitFlipNonce() {
        var nonce = AttackTests.parts.nonce
        nonce[3] ^= 0x80
        #expect(
            AttackTests.attempt(payload: AttackTests.parts.payload, nonce: nonce).0
                == .chunkAuthenticationFailed(chunk: 0))
    }

    @Test("a flipped bit in the header: MAC → HMAC failure, stanza body → no match, version → header failure")
    func bitFlipHeader() {
        let header = AttackTests.parts.header
        let text = String(decoding: header, as: UTF8.self)
        let macStart = header.count - 44
        var mac = header
        mac[macStart + 2] = mac[macStart + 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(AttackTests.attempt(payload: AttackTests.parts.payload, header: mac).0?.outcome == .hmacFailure)
        let bodyLine = text.split(separator: "\n")[2]
        var body = header
        let offset =
            text.utf8.count - (text.utf8.count - (text.range(of: String(bodyLine))!.lowerBound.utf16Offset(in: text)))
        body[offset + 1] = body[offset + 1] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(AttackTests.attempt(payload: AttackTests.parts.payload, header: body).0?.outcome == .noMatch)
        var version = header
        version[20] ^= 0x02
        #expect(AttackTests.attempt(payload: AttackTests.parts.payload, header: version).0?.outcome == .headerFailure)
    }
}
