// SPDX-License-Identifier: MIT
import CofferPrimitives

/// What Argon2id costs a client accepts: `floor ≤ (m, t, p) ≤ cap`, checked before the KDF runs.
///
/// The floor is RFC 9106's second recommended setting (m = 64 MiB, t = 3), so a storage server cannot make a
/// password cheap to guess by serving weaker parameters (a downgrade). The cap (m ≤ 4 GiB, t ≤ 16, p ≤ 8)
/// bounds what a hostile server can make a client spend (denial of service); it is far above every profile.
package struct KDFPolicy: Sendable, Equatable {
    package var minimumMemoryKiB: UInt32
    package var maximumMemoryKiB: UInt32
    package var minimumIterations: UInt32
    package var maximumIterations: UInt32
    package var minimumParallelism: UInt32
    package var maximumParallelism: UInt32

    package init(
        minimumMemoryKiB: UInt32, maximumMemoryKiB: UInt32, minimumIterations: UInt32, maximumIterations: UInt32,
        minimumParallelism: UInt32, maximumParallelism: UInt32
    ) {
        self.minimumMemoryKiB = minimumMemoryKiB
        self.maximumMemoryKiB = maximumMemoryKiB
        self.minimumIterations = minimumIterations
        self.maximumIterations = maximumIterations
        self.minimumParallelism = minimumParallelism
        self.maximumParallelism = maximumParallelism
    }

    /// The policy of format version 1: m ∈ [65536, 4194304] KiB, t ∈ [3, 16], p ∈ [1, 8], salt exactly 16 bytes.
    package static let standard = KDFPolicy(
        minimumMemoryKiB: 64 * 1024, maximumMemoryKiB: 4 * 1024 * 1024, minimumIterations: 3, maximumIterations: 16,
        minimumParallelism: 1, maximumParallelism: 8
    )

    /// Refuses parameters outside the policy, naming the first offending parameter (m, then t, then p).
    package func check(_ parameters: KDFParameters) throws(KeysError) {
        try bound(.memoryKiB, parameters.memoryKiB, minimumMemoryKiB, maximumMemoryKiB)
        try bound(.iterations, parameters.iterations, minimumIterations, maximumIterations)
        try bound(.parallelism, parameters.parallelism, minimumParallelism, maximumParallelism)
        guard parameters.salt.count == KDFParameters.saltByteCount else {
            throw .kdfParameterBelowFloor(.saltLength, value: UInt64(parameters.salt.count), minimum: 16)
        }
    }

    private func bound(_ parameter: KDFParameter, _ value: UInt32, _ low: UInt32, _ high: UInt32) throws(KeysError) {
        if value < low { throw .kdfParameterBelowFloor(parameter, value: UInt64(value), minimum: UInt64(low)) }
        if value > high { throw .kdfParameterAboveCap(parameter, value: UInt64(value), maximum: UInt64(high)) }
    }
}

/// Named cost settings for new accounts. Both use p = 1, which libsodium's faster Argon2id can compute.
public enum KDFProfile: Sendable, CaseIterable {
    /// m = 64 MiB, t = 3, p = 1: exactly the floor (RFC 9106 second recommendation). About 0.1–0.3 s here.
    case moderate
    /// m = 256 MiB, t = 4, p = 1: for accounts that protect more; about 4–5× the moderate cost.
    case sensitive

    /// The profile named `name` (`moderate`, `sensitive`: the CLI's `--kdf-profile`), nil for any other.
    package init?(rawValue name: String) {
        guard let profile = Self.allCases.first(where: { $0.rawValue == name }) else { return nil }
        self = profile
    }

    /// The profile's name, as the CLI spells it.
    package var rawValue: String {
        switch self {
        case .moderate: "moderate"
        case .sensitive: "sensitive"
        }
    }

    /// The profile's costs with a fresh random salt.
    public func parameters() -> KDFParameters {
        costs(salt: SecureRandom.bytes(count: KDFParameters.saltByteCount))
    }

    /// The profile's costs with a given salt (for vectors).
    package func costs(salt: [UInt8]) -> KDFParameters {
        switch self {
        case .moderate: KDFParameters(memoryKiB: 64 * 1024, iterations: 3, parallelism: 1, salt: salt)
        case .sensitive: KDFParameters(memoryKiB: 256 * 1024, iterations: 4, parallelism: 1, salt: salt)
        }
    }
}
