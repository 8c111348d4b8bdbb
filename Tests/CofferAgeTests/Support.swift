// SPDX-License-Identifier: MIT
import CofferAge
import Foundation

/// Paths and inputs shared by the format tests. Vectors are read from this repository's TestVectors/ only.
enum Support {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func vectorPath(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent("TestVectors").appendingPathComponent(relative).path
    }

    /// `count` reproducible pseudo-random bytes (xorshift64*), fast enough for multi-MiB inputs in debug builds.
    static func bytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            var index = 0
            while index < count {
                state ^= state >> 12
                state ^= state << 25
                state ^= state >> 27
                var word = state &* 0x2545_F491_4F6C_DD1D
                for _ in 0..<8 where index < count {
                    buffer[index] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    index += 1
                }
            }
        }
        return out
    }

    static let identity = X25519Identity.generate()

    static func encrypt(_ plaintext: [UInt8], armored: Bool = false, chunksPerBatch: Int = 1) throws -> [UInt8] {
        try AgeEncryptor(
            recipients: [identity.recipient], armored: armored, concurrency: .batches(of: chunksPerBatch)
        ).encrypt(plaintext)
    }

    static func decrypt(_ file: [UInt8], chunksPerBatch: Int = 1) throws -> [UInt8] {
        try AgeDecryptor(identities: [identity], concurrency: .batches(of: chunksPerBatch)).decrypt(file)
    }

    /// A binary age file cut into header, nonce and payload.
    static func split(_ file: [UInt8]) throws -> (header: [UInt8], nonce: [UInt8], payload: [UInt8]) {
        let source = BufferedSource(MemorySource(file))
        _ = try HeaderParser.parse(from: source)
        let end = Int(source.consumed)
        return (Array(file[..<end]), Array(file[end..<end + 16]), Array(file[(end + 16)...]))
    }

    /// Runs `body` and returns the `AgeError` it threw (nil if it threw nothing or something else).
    static func ageError(_ body: () throws -> Void) -> AgeError? {
        do {
            try body()
            return nil
        } catch {
            return error as? AgeError
        }
    }
}
