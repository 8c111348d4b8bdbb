// SPDX-License-Identifier: MIT
internal import CArgon2
internal import CSodium

/// Argon2 (RFC 9106) with every parameter: variant d/i/id, version 0x13 or 0x10, t, m, p, salt, secret,
/// associated data and output length.
///
/// Two backends give identical output where both apply: libsodium's `crypto_pwhash` (faster here, but only
/// Argon2i/id, version 0x13, p = 1, 16-byte salt, no secret or associated data, output ≥ 16 bytes) and
/// libargon2's `argon2_ctx` (everything). `Backend.automatic` picks libsodium whenever it can express the call.
package enum Argon2 {
    package enum Variant: String, Sendable, CaseIterable, Codable {
        case argon2d, argon2i, argon2id
    }

    package enum Version: UInt32, Sendable, Codable {
        case v10 = 0x10
        case v13 = 0x13
    }

    /// Which Argon2 implementation runs: `automatic` (libsodium for p = 1, libargon2 otherwise), or one of them.
    package enum Backend: String, Sendable, CaseIterable {
        /// The implementations; both give identical output (the vectors check it).
        case automatic, libsodium, libargon2
    }

    /// The cost parameters of one derivation.
    package struct Parameters: Sendable, Equatable, Codable {
        package var variant: Variant
        package var version: Version
        package var iterations: UInt32
        package var memoryKiB: UInt32
        package var parallelism: UInt32
        package var outputByteCount: Int

        package init(
            variant: Variant = .argon2id, version: Version = .v13, iterations: UInt32, memoryKiB: UInt32,
            parallelism: UInt32, outputByteCount: Int = 32
        ) {
            self.variant = variant
            self.version = version
            self.iterations = iterations
            self.memoryKiB = memoryKiB
            self.parallelism = parallelism
            self.outputByteCount = outputByteCount
        }
    }

    /// Inclusive bounds checked before any work is done. `standard` admits every published test vector
    /// and caps the cost a caller (or an attacker who controls stored parameters) can make us pay.
    package struct Limits: Sendable, Equatable {
        package var iterations: ClosedRange<UInt32>
        package var memoryKiB: ClosedRange<UInt32>
        package var parallelism: ClosedRange<UInt32>
        package var saltLength: ClosedRange<Int>
        package var secretLength: ClosedRange<Int>
        package var associatedDataLength: ClosedRange<Int>
        package var outputLength: ClosedRange<Int>
        package var passwordLength: ClosedRange<Int>

        package static let standard = Limits(
            iterations: 1...64, memoryKiB: 8...(4 * 1024 * 1024), parallelism: 1...64, saltLength: 8...1024,
            secretLength: 0...1024, associatedDataLength: 0...(1 << 20), outputLength: 4...1024,
            passwordLength: 0...(1 << 20)
        )
    }

    /// `Argon2(variant, version, t, m, p)(password, salt, secret, associatedData)` → `outputByteCount` bytes.
    package static func deriveKey(
        password: SecretBytes, salt: [UInt8], secret: SecretBytes? = nil, associatedData: [UInt8] = [],
        parameters: Parameters, limits: Limits = .standard, backend: Backend = .automatic
    ) throws(PrimitiveError) -> SecretBytes {
        try check(
            parameters, password: password, salt: salt, secret: secret, associatedData: associatedData, limits: limits)
        let sodiumCanRun = libsodiumCanRun(parameters, salt: salt, secret: secret, associatedData: associatedData)
        switch backend {
        case .libsodium:
            guard sodiumCanRun else {
                throw .kdfParametersRejected("libsodium's Argon2 cannot express these parameters; use libargon2")
            }
            return try runLibsodium(password: password, salt: salt, parameters: parameters)
        case .automatic where sodiumCanRun:
            return try runLibsodium(password: password, salt: salt, parameters: parameters)
        case .automatic, .libargon2:
            return try runLibargon2(
                password: password, salt: salt, secret: secret, associatedData: associatedData, parameters: parameters
            )
        }
    }

    /// Whether `crypto_pwhash` computes exactly this Argon2 call.
    package static func libsodiumCanRun(
        _ p: Parameters, salt: [UInt8], secret: SecretBytes?, associatedData: [UInt8]
    ) -> Bool {
        p.variant != .argon2d && p.version == .v13 && p.parallelism == 1 && (secret?.count ?? 0) == 0
            && associatedData.isEmpty && salt.count == 16 && p.outputByteCount >= 16 && p.memoryKiB >= 8
            && (p.variant != .argon2i || p.iterations >= 3)
    }

    private static func check(
        _ p: Parameters, password: SecretBytes, salt: [UInt8], secret: SecretBytes?, associatedData: [UInt8],
        limits: Limits
    ) throws(PrimitiveError) {
        try bound(.iterations, UInt64(p.iterations), limits.iterations.lowerBound, limits.iterations.upperBound)
        try bound(.parallelism, UInt64(p.parallelism), limits.parallelism.lowerBound, limits.parallelism.upperBound)
        try bound(.memoryKiB, UInt64(p.memoryKiB), limits.memoryKiB.lowerBound, limits.memoryKiB.upperBound)
        try bound(.memoryKiB, UInt64(p.memoryKiB), 8 * UInt64(p.parallelism), UInt64.max)
        try bound(.saltLength, UInt64(salt.count), limits.saltLength.lowerBound, limits.saltLength.upperBound)
        try bound(
            .secretLength, UInt64(secret?.count ?? 0), limits.secretLength.lowerBound, limits.secretLength.upperBound)
        try bound(
            .associatedDataLength, UInt64(associatedData.count), limits.associatedDataLength.lowerBound,
            limits.associatedDataLength.upperBound)
        // A negative output length (possible from decoded, untrusted `Parameters`) must throw, not trap in UInt64(_:).
        guard p.outputByteCount >= 0 else {
            let minimum = UInt64(clamping: limits.outputLength.lowerBound)
            throw .kdfParameterTooSmall(.outputLength, value: 0, minimum: minimum)
        }
        try bound(
            .outputLength, UInt64(p.outputByteCount), limits.outputLength.lowerBound, limits.outputLength.upperBound)
        try bound(
            .passwordLength, UInt64(password.count), limits.passwordLength.lowerBound, limits.passwordLength.upperBound)
    }

    private static func bound<T: BinaryInteger>(_ what: KDFParameter, _ value: UInt64, _ low: T, _ high: T)
        throws(PrimitiveError)
    {
        let (low, high) = (UInt64(clamping: low), UInt64(clamping: high))
        if value < low { throw .kdfParameterTooSmall(what, value: value, minimum: low) }
        if value > high { throw .kdfParameterTooLarge(what, value: value, maximum: high) }
    }

    private static func runLibsodium(password: SecretBytes, salt: [UInt8], parameters p: Parameters)
        throws(PrimitiveError) -> SecretBytes
    {
        Sodium.ensureInitialized()
        let algorithm = p.variant == .argon2id ? crypto_pwhash_ALG_ARGON2ID13 : crypto_pwhash_ALG_ARGON2I13
        var status: Int32 = 0
        let key = SecretBytes(count: p.outputByteCount) { out in
            password.withUnsafeBytes { pw in
                status = crypto_pwhash(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(p.outputByteCount),
                    UnsafeRawPointer(bytes(pw)).assumingMemoryBound(to: CChar.self), UInt64(pw.count), salt,
                    UInt64(p.iterations), Int(p.memoryKiB) * 1024, algorithm
                )
            }
        }
        guard status == 0 else { throw .kdfFailed("crypto_pwhash failed (out of memory?)") }
        return key
    }

    private static func runLibargon2(
        password: SecretBytes, salt: [UInt8], secret: SecretBytes?, associatedData: [UInt8], parameters p: Parameters
    ) throws(PrimitiveError) -> SecretBytes {
        let type: argon2_type =
            switch p.variant {
            case .argon2d: Argon2_d
            case .argon2i: Argon2_i
            case .argon2id: Argon2_id
            }
        var status: Int32 = 0
        let noSecret = SecretBytes([])
        let key = SecretBytes(count: p.outputByteCount) { out in
            password.withUnsafeBytes { pw in
                (secret ?? noSecret).withUnsafeBytes { sec in
                    var saltCopy = salt
                    var adCopy = associatedData
                    saltCopy.withUnsafeMutableBytes { s in
                        adCopy.withUnsafeMutableBytes { ad in
                            var context = argon2_context(
                                out: out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                outlen: UInt32(p.outputByteCount),
                                pwd: mutableBytes(pw), pwdlen: UInt32(pw.count),
                                salt: mutableBytes(UnsafeRawBufferPointer(s)), saltlen: UInt32(s.count),
                                secret: mutableBytes(sec), secretlen: UInt32(sec.count),
                                ad: mutableBytes(UnsafeRawBufferPointer(ad)), adlen: UInt32(ad.count),
                                t_cost: p.iterations, m_cost: p.memoryKiB, lanes: p.parallelism,
                                threads: p.parallelism, version: p.version.rawValue,
                                allocate_cbk: nil, free_cbk: nil, flags: 0
                            )
                            status = argon2_ctx(&context, type)
                        }
                    }
                }
            }
        }
        guard status == ARGON2_OK.rawValue else {
            let message = String(cString: argon2_error_message(status))
            if status == ARGON2_MEMORY_ALLOCATION_ERROR.rawValue { throw .kdfFailed(message) }
            throw .kdfParametersRejected(message)
        }
        return key
    }

    /// libargon2 takes non-const pointers but only reads inputs (no clear-password flag is set).
    private static func mutableBytes(_ buffer: UnsafeRawBufferPointer) -> UnsafeMutablePointer<UInt8>? {
        guard buffer.count > 0, let base = buffer.baseAddress else { return nil }
        return UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
    }
}
