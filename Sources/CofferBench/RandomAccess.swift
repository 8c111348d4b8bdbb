// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// Reading 1 MiB of plaintext in the middle and at the end of the large file through `SeekableDecryptor`: wall time
/// (header + key unwrap + the covering chunks, best of N) and the number of chunks opened, against a full `age -d`.
struct RandomAccess {
    struct Row {
        let place: String
        let offset: UInt64
        let seconds: Double
        let chunks: Int
    }

    let workload: Workload
    let ciphertext: String
    let plaintextBytes: UInt64

    func measure(runs: Int) -> [Row] {
        let length = 1 << 20
        // The middle read starts off a chunk boundary on purpose: the worst case, 17 chunks for 1 MiB.
        let places: [(String, UInt64)] = [
            ("middle (unaligned)", plaintextBytes / 2 + 12_345),
            ("end (last 1 MiB)", plaintextBytes - UInt64(length)),
        ]
        return places.map { place, offset in
            var best = Double.infinity
            var chunks = 0
            var bytes: [UInt8] = []
            for _ in 1...runs {
                best = min(
                    best,
                    wallClock {
                        let reader = try! SeekableDecryptor(
                            source: try! FileSource(path: workload.path(ciphertext)), identities: [workload.identity])
                        bytes = try! reader.read(offset: offset, length: length)
                        chunks = reader.chunksDecrypted
                    })
            }
            guard bytes == expected(offset: offset, length: length) else { fail("random access read wrong bytes") }
            return Row(place: place, offset: offset, seconds: best, chunks: chunks)
        }
    }

    /// The same range read straight from the plaintext file.
    private func expected(offset: UInt64, length: Int) -> [UInt8] {
        let fd = open(workload.path("plain"), O_RDONLY)
        defer { close(fd) }
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            count = readFully(fd, UnsafeMutableRawBufferPointer(buffer), at: off_t(offset))
        }
    }
}
