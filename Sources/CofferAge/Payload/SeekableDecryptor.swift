// SPDX-License-Identifier: MIT

/// Random access to the plaintext of a binary age file: `read(offset:length:)` returns plaintext
/// `[offset, offset + length)` by reading and opening only the chunks that cover it.
///
/// Chunk i lives at `payloadStart + i × (64 KiB + 16)`; the ciphertext length fixes the chunk count n and the
/// plaintext size `payloadLength − 16 n`. That size is only a claim until the final chunk authenticates with the
/// last flag, so `plaintextSize()` (and any read that reaches the final chunk) opens it. A read inside earlier chunks
/// opens them with flag 0 and counter i: they cannot be moved, so their plaintext is genuine even if the file was cut
/// after them — the cut shows up as an error once the end is read.
public final class SeekableDecryptor {
    private let source: RandomAccessByteSource
    private let key: PayloadKey
    private let payloadStart: UInt64
    private let chunkCount: UInt64
    private let claimedSize: UInt64
    private var verifiedSize: UInt64?
    /// Chunks opened so far (each AEAD open counts once), for tests and audits of the access pattern.
    package private(set) var chunksDecrypted = 0

    /// Reads the header at offset 0 of `source`, unwraps the file key with `identities` and checks the MAC.
    public init(source: RandomAccessByteSource, identities: [any Identity]) throws {
        let positional = BufferedSource(PositionalSource(source))
        if try Armor.looksArmored(positional) { throw AgeUsageError.armoredNotSeekable }
        let opened = try AgeDecryptor(identities: identities).openHeader(from: positional)
        self.source = source
        key = opened.payloadKey
        payloadStart = positional.consumed
        let payloadLength = try source.size() - payloadStart
        guard payloadLength > 0 else { throw AgeError.truncated(chunksRead: 0) }
        let sealed = UInt64(PayloadChunk.sealedByteCount)
        chunkCount = (payloadLength + sealed - 1) / sealed
        let lastLength = payloadLength - (chunkCount - 1) * sealed
        if lastLength < UInt64(PayloadChunk.tagByteCount) {
            throw AgeError.chunkAuthenticationFailed(chunk: chunkCount - 1)
        }
        if lastLength == UInt64(PayloadChunk.tagByteCount) && chunkCount > 1 {
            throw AgeError.emptyFinalChunk(chunk: chunkCount - 1)
        }
        claimedSize = payloadLength - chunkCount * UInt64(PayloadChunk.tagByteCount)
    }

    /// The plaintext size, after authenticating the final chunk (opened once, then remembered).
    public func plaintextSize() throws -> UInt64 {
        if let verifiedSize { return verifiedSize }
        _ = try openChunk(chunkCount - 1)
        verifiedSize = claimedSize
        return claimedSize
    }

    /// Plaintext `[offset, offset + length)`, opening only the covering chunks.
    /// A negative `length`, or a range whose end passes 2⁶⁴ − 1 or the plaintext size, is `rangeOutOfBounds`.
    public func read(offset: UInt64, length: Int) throws -> [UInt8] {
        guard length >= 0 else {
            throw AgeUsageError.rangeOutOfBounds(offset: offset, length: 0, size: try plaintextSize())
        }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(length))
        guard !overflow, end <= claimedSize else {
            throw AgeUsageError.rangeOutOfBounds(offset: offset, length: UInt64(length), size: try plaintextSize())
        }
        guard length > 0 else { return [] }
        let chunkSize = UInt64(PayloadChunk.plaintextByteCount)
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for index in (offset / chunkSize)...((end - 1) / chunkSize) {
            let plain = try openChunk(index)
            let chunkStart = index * chunkSize
            let from = Int(max(offset, chunkStart) - chunkStart)
            let to = Int(min(end, chunkStart + UInt64(plain.count)) - chunkStart)
            out += plain[from..<to]
        }
        return out
    }

    /// Plaintext of the last `length` bytes (an end-relative range: authenticates the final chunk first).
    package func readSuffix(length: Int) throws -> [UInt8] {
        let size = try plaintextSize()
        guard length >= 0 else { throw AgeUsageError.rangeOutOfBounds(offset: size, length: 0, size: size) }
        let count = UInt64(length) > size ? Int(size) : length
        return try read(offset: size - UInt64(count), length: count)
    }

    private func openChunk(_ index: UInt64) throws -> [UInt8] {
        let last = index == chunkCount - 1
        let sealedSize = UInt64(PayloadChunk.sealedByteCount)
        let count = last ? Int(claimedSize + chunkCount * 16 - index * sealedSize) : PayloadChunk.sealedByteCount
        var sealed = [UInt8](repeating: 0, count: count)
        let read = try sealed.withUnsafeMutableBytes {
            try source.read(at: payloadStart + index * sealedSize, into: $0)
        }
        guard read == count else { throw AgeError.truncated(chunksRead: index) }
        var plain = [UInt8](repeating: 0, count: count - PayloadChunk.tagByteCount)
        chunksDecrypted += 1
        let ok = sealed.withUnsafeBytes { s in
            plain.withUnsafeMutableBytes { p in PayloadChunk.open(s, into: p, key: key, counter: index, last: last) }
        }
        guard ok else { throw AgeError.chunkAuthenticationFailed(chunk: index) }
        return plain
    }
}
