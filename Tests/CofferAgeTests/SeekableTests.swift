// SPDX-License-Identifier: MIT
import CofferAge
import Foundation
import Testing

@Suite("Random access")
struct SeekableTests {
    /// 80 chunks and a bit: 5 MiB + 123 bytes.
    static let plaintext = Support.bytes(80 * 65536 + 123, seed: 99)
    static let file = try! Support.encrypt(plaintext, chunksPerBatch: 4)

    static func open(_ file: [UInt8] = file) throws -> SeekableDecryptor {
        try SeekableDecryptor(source: MemorySource(file), identities: [Support.identity])
    }

    @Test("a 1 MiB read from the middle touches at most 17 chunks", arguments: [0, 7, 65535])
    func middleRead(misalignment: Int) throws {
        let decryptor = try SeekableTests.open()
        let offset = 2 * 1024 * 1024 + misalignment
        let range = try decryptor.read(offset: UInt64(offset), length: 1 << 20)
        #expect(range == Array(SeekableTests.plaintext[offset..<offset + (1 << 20)]))
        #expect(decryptor.chunksDecrypted == (misalignment == 0 ? 16 : 17))
    }

    @Test("size and end-relative reads authenticate the final chunk")
    func suffix() throws {
        let decryptor = try SeekableTests.open()
        #expect(try decryptor.plaintextSize() == UInt64(SeekableTests.plaintext.count))
        #expect(decryptor.chunksDecrypted == 1)
        #expect(try decryptor.readSuffix(length: 200) == Array(SeekableTests.plaintext.suffix(200)))
        #expect(decryptor.chunksDecrypted == 3)
    }

    @Test("ranges outside the plaintext are refused")
    func outOfRange() throws {
        let decryptor = try SeekableTests.open()
        #expect(throws: AgeUsageError.self) {
            try decryptor.read(offset: UInt64(SeekableTests.plaintext.count), length: 1)
        }
        #expect(try decryptor.read(offset: 5, length: 0) == [])
    }

    /// `offset + length` past 2⁶⁴ − 1, or a negative length, was a trap; now it is the typed error,
    /// naming the range as given.
    @Test("ranges whose end overflows, and negative lengths, are refused without a trap")
    func overflowingRange() throws {
        let decryptor = try SeekableTests.open()
        let size = UInt64(SeekableTests.plaintext.count)
        #expect(throws: AgeUsageError.rangeOutOfBounds(offset: UInt64.max, length: 2, size: size)) {
            try decryptor.read(offset: UInt64.max, length: 2)
        }
        #expect(throws: AgeUsageError.rangeOutOfBounds(offset: 40, length: UInt64(Int.max), size: size)) {
            try decryptor.read(offset: 40, length: Int.max)
        }
        #expect(throws: AgeUsageError.self) { try decryptor.read(offset: 0, length: -1) }
        #expect(throws: AgeUsageError.self) { try decryptor.readSuffix(length: -1) }
    }

    @Test("a file cut at a chunk boundary: middle reads still verify, the end does not")
    func truncated() throws {
        let parts = try Support.split(SeekableTests.file)
        let cut = parts.header + parts.nonce + Array(parts.payload.prefix(40 * 65552))
        let decryptor = try SeekableTests.open(cut)
        #expect(try decryptor.read(offset: 100, length: 1000) == Array(SeekableTests.plaintext[100..<1100]))
        #expect(throws: AgeError.chunkAuthenticationFailed(chunk: 39)) { try decryptor.plaintextSize() }
    }

    @Test("FiloSottile's example.zip.age: read the zip directory and member by random access")
    func exampleZip() throws {
        let keys = try String(
            contentsOfFile: Support.vectorPath("published/filosottile-age/example_keys.txt"), encoding: .utf8)
        let decryptor = try SeekableDecryptor(
            source: try FileSource(path: Support.vectorPath("published/filosottile-age/example.zip.age")),
            identities: try IdentityFile.parse(keys)
        )
        func le(_ bytes: [UInt8], _ at: Int, _ width: Int) -> Int {
            (0..<width).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
        }
        let end = try decryptor.readSuffix(length: 22)
        #expect(Array(end.prefix(4)) == [0x50, 0x4B, 0x05, 0x06])
        let directory = try decryptor.read(offset: UInt64(le(end, 16, 4)), length: le(end, 12, 4))
        let nameLength = le(directory, 28, 2)
        #expect(String(decoding: directory[46..<46 + nameLength], as: UTF8.self) == "example.txt")
        let localOffset = le(directory, 42, 4)
        let local = try decryptor.read(offset: UInt64(localOffset), length: 30)
        let dataOffset = localOffset + 30 + le(local, 26, 2) + le(local, 28, 2)
        let member = try decryptor.read(offset: UInt64(dataOffset), length: le(directory, 24, 4))
        #expect(String(decoding: member, as: UTF8.self) == "Black lives matter.")
    }
}
