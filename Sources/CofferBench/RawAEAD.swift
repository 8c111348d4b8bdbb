// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// The peers that set the ceiling: ChaCha20-Poly1305 from libsodium or OpenSSL called directly (CofferPrimitives'
/// buffer API with an explicit backend, no format code) over age's chunking — 64 KiB plaintext pieces, nonce
/// `counter(11 bytes, big-endian) ‖ last`, a batch of 4 × cores chunks sealed concurrently when threaded, exactly as
/// Coffer's STREAM batches them.
enum RawAEAD {
    enum Direction { case seal, open }

    static let plainChunk = 64 * 1024
    static let sealedChunk = plainChunk + 16

    /// Processes `total` input bytes. `input(offset, count)` yields the next `count` input bytes (a view into memory,
    /// or a buffer just read from a file); `output` receives each batch's result (discarded, or written to a file).
    static func run(
        _ direction: Direction, backend: ChaCha20Poly1305.Backend, key: [UInt8], threads: Int, total: Int,
        input: (Int, Int) -> UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) -> Void
    ) {
        let (inChunk, outChunk) = direction == .seal ? (plainChunk, sealedChunk) : (sealedChunk, plainChunk)
        let batch = threads > 1 ? 4 * threads : 1
        let chunkCount = max(1, (total + inChunk - 1) / inChunk)
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: batch * outChunk, alignment: 16)
        defer { out.deallocate() }
        var first = 0
        while first < chunkCount {
            let pieces = min(batch, chunkCount - first)
            let start = first * inChunk
            let base = first
            nonisolated(unsafe) let (target, source) = (out, input(start, min(pieces * inChunk, total - start)))
            let work = { @Sendable (j: Int) in
                let piece = UnsafeRawBufferPointer(
                    rebasing: source[(j * inChunk)..<min((j + 1) * inChunk, source.count)])
                let resultCount = direction == .seal ? piece.count + 16 : piece.count - 16
                let result = UnsafeMutableRawBufferPointer(
                    rebasing: target[(j * outChunk)..<(j * outChunk + resultCount)])
                let counter = UInt64(base + j)
                let nonce = RawAEAD.nonce(counter: counter, last: base + j == chunkCount - 1)
                key.withUnsafeBytes { k in
                    nonce.withUnsafeBytes { n in
                        if direction == .seal {
                            try! ChaCha20Poly1305.seal(piece, into: result, key: k, nonce: n, backend: backend)
                        } else {
                            do {
                                try ChaCha20Poly1305.open(piece, into: result, key: k, nonce: n, backend: backend)
                            } catch {
                                fatalError("raw \(backend): chunk \(counter) did not authenticate")
                            }
                        }
                    }
                }
            }
            if pieces > 1 { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) } else { work(0) }
            let produced = direction == .seal ? source.count + pieces * 16 : source.count - pieces * 16
            output(UnsafeRawBufferPointer(rebasing: out[..<produced]))
            first += pieces
        }
    }

    /// `counter` as 11 big-endian bytes, then 0x01 for the final chunk or 0x00.
    static func nonce(counter: UInt64, last: Bool) -> [UInt8] {
        [0, 0, 0] + withUnsafeBytes(of: counter.bigEndian) { Array($0) } + [last ? 1 : 0]
    }

    /// In memory: input read in place, output discarded — the cipher's own speed.
    static func inMemory(
        _ direction: Direction, backend: ChaCha20Poly1305.Backend, key: [UInt8], threads: Int, data: [UInt8]
    ) {
        data.withUnsafeBytes { all in
            run(
                direction, backend: backend, key: key, threads: threads, total: all.count,
                input: { UnsafeRawBufferPointer(rebasing: all[$0..<($0 + $1)]) }, output: { _ in })
        }
    }

    /// File to file with plain read(2)/write(2), the same I/O any tool has to do.
    static func fileToFile(
        _ direction: Direction, backend: ChaCha20Poly1305.Backend, key: [UInt8], threads: Int, from inPath: String,
        to outPath: String
    ) {
        let (inFD, outFD) = (open(inPath, O_RDONLY), open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600))
        guard inFD >= 0, outFD >= 0 else { fail("raw \(backend): cannot open \(inPath) or \(outPath)") }
        defer {
            close(inFD)
            close(outFD)
        }
        let total = Int(lseek(inFD, 0, SEEK_END))
        lseek(inFD, 0, SEEK_SET)
        let batch = (threads > 1 ? 4 * threads : 1) * sealedChunk
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: batch, alignment: 16)
        defer { buffer.deallocate() }
        run(
            direction, backend: backend, key: key, threads: threads, total: total,
            input: { _, count in
                UnsafeRawBufferPointer(
                    rebasing: buffer[
                        ..<readFully(inFD, UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]), at: nil)])
            }, output: { writeAll(outFD, $0) })
    }
}
