// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The password-hashing parameters stored in an account record:
/// `stretched = Argon2id-v1.3(password, salt, t = iterations, m = memoryKiB, p = parallelism, 32 bytes)`.
///
/// They are public and chosen by the account's owner, but served back by an untrusted store, so every reader
/// checks them against `KDFPolicy` before the KDF runs.
public struct KDFParameters: Sendable, Equatable, Codable {
    /// The only algorithm of format version 1: Argon2id, version 0x13, no secret or associated data, 32-byte output.
    package static let argon2idAlgorithm: UInt8 = 1
    package static let saltByteCount = 16
    /// algorithm (1) ‖ memoryKiB (4) ‖ iterations (4) ‖ parallelism (4) ‖ salt (16).
    package static let encodedByteCount = 29

    package var memoryKiB: UInt32
    package var iterations: UInt32
    package var parallelism: UInt32
    package var salt: [UInt8]

    package init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32, salt: [UInt8]) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.salt = salt
    }

    /// The same costs with a fresh random 16-byte salt (a new salt for every password set).
    package func withFreshSalt() -> KDFParameters {
        KDFParameters(
            memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism,
            salt: SecureRandom.bytes(count: Self.saltByteCount)
        )
    }

    /// `0x01 ‖ BE32(m) ‖ BE32(t) ‖ BE32(p) ‖ salt₁₆`.
    package var encoded: [UInt8] {
        var writer = RecordWriter()
        writer.append(Self.argon2idAlgorithm)
        writer.append(memoryKiB)
        writer.append(iterations)
        writer.append(parallelism)
        writer.append(salt)
        return writer.bytes
    }

    /// Parses exactly the 29-byte block.
    package init(encoded bytes: [UInt8]) throws(KeysError) {
        guard bytes.count == Self.encodedByteCount else {
            throw .malformedRecord(kind: "KDF parameters", reason: "is \(bytes.count) bytes, expected 29")
        }
        var reader = RecordReader(bytes)
        do throws(RecordDecodingError) {
            self = try Self.read(from: &reader)
            try reader.finish()
        } catch {
            throw .decoding(error, kind: "KDF parameters")
        }
    }

    /// Reads the 29-byte block; refuses any algorithm byte but 1. Bounds are `KDFPolicy`'s job, not the parser's.
    static func read(from reader: inout RecordReader) throws(RecordDecodingError) -> KDFParameters {
        let algorithm = try reader.byte("KDF algorithm")
        guard algorithm == argon2idAlgorithm else {
            throw RecordDecodingError(
                field: "KDF algorithm",
                problem: .invalid("unknown KDF algorithm \(algorithm) (only 1, Argon2id, exists)"))
        }
        let memory = try reader.uint32("KDF memory")
        let iterations = try reader.uint32("KDF iterations")
        let parallelism = try reader.uint32("KDF parallelism")
        return KDFParameters(
            memoryKiB: memory, iterations: iterations, parallelism: parallelism,
            salt: try reader.take(saltByteCount, "KDF salt"))
    }

    /// The primitive's parameter set: Argon2id, version 0x13, 32-byte output.
    var argon2: Argon2.Parameters {
        Argon2.Parameters(
            variant: .argon2id, version: .v13, iterations: iterations, memoryKiB: memoryKiB,
            parallelism: parallelism, outputByteCount: 32
        )
    }
}
