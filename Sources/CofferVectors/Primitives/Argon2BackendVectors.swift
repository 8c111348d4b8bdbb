// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `argon2_backends.json` (`coffer-argon2-backends`): small Argon2 runs whose tags were computed by the generator
/// with the libargon2 backend. `valid`: the automatic backend, and each explicit backend that can express the
/// call, must reproduce the tag — so the libsodium path (`crypto_pwhash`) is proven identical to the reference
/// implementation wherever Coffer may use it (flag `BothBackends`, which the runner also asserts is true).
/// `invalid`: a parameter outside `Argon2.Limits.standard` must be refused, before any work, with the exact
/// `kdfParameterTooSmall.<parameter>` / `kdfParameterTooLarge.<parameter>`.
struct Argon2BackendVectorTest: GeneratedVectorTest {
    var tcId: Int
    var comment: String
    var flags: [String]
    var variant: String
    var version: Int
    var iterations: UInt32
    var memoryKiB: UInt32
    var parallelism: UInt32
    var password: String
    var salt: String
    var outputLength: Int
    var tag: String?
    var result: String
    var expect: String?

    var parameters: Argon2.Parameters {
        get throws {
            guard let variant = Argon2.Variant(rawValue: variant) else {
                throw VectorError.malformed(path: "", reason: "unknown variant \(self.variant)")
            }
            return Argon2.Parameters(
                variant: variant, version: version == 16 ? .v10 : .v13, iterations: iterations, memoryKiB: memoryKiB,
                parallelism: parallelism, outputByteCount: outputLength
            )
        }
    }
}

struct Argon2BackendVectorGenerator: VectorGenerator {
    let fileName = "argon2_backends.json"

    func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        var number = TestNumbering()
        var valid: [Argon2BackendVectorTest] = []
        var invalid: [Argon2BackendVectorTest] = []
        typealias Run = (comment: String, variant: Argon2.Variant, t: UInt32, m: UInt32, p: UInt32, salt: Int, out: Int)
        let runs: [Run] = [
            ("Argon2id, t=1, m=8 KiB (libsodium's minimum)", .argon2id, 1, 8, 1, 16, 32),
            ("Argon2id, t=2, m=64 KiB, 16-byte output", .argon2id, 2, 64, 1, 16, 16),
            ("Argon2id, t=3, m=256 KiB, 64-byte output", .argon2id, 3, 256, 1, 16, 64),
            ("Argon2id, t=1, m=1024 KiB, 100-byte output", .argon2id, 1, 1024, 1, 16, 100),
            ("Argon2i, t=3 (libsodium's minimum for Argon2i), m=32 KiB", .argon2i, 3, 32, 1, 16, 32),
            ("Argon2id with p=2: libargon2 only", .argon2id, 2, 64, 2, 16, 32),
            ("Argon2id with an 8-byte salt: libargon2 only", .argon2id, 2, 64, 1, 8, 32),
            ("Argon2d: libargon2 only", .argon2d, 2, 64, 1, 16, 32),
            ("Argon2i with t=1: libargon2 only", .argon2i, 1, 64, 1, 16, 32),
        ]
        for run in runs {
            let password = random.bytes(16)
            let salt = random.bytes(run.salt)
            let parameters = Argon2.Parameters(
                variant: run.variant, iterations: run.t, memoryKiB: run.m, parallelism: run.p, outputByteCount: run.out
            )
            let tag = try Argon2.deriveKey(
                password: SecretBytes(password), salt: salt, parameters: parameters, backend: .libargon2)
            let both = Argon2.libsodiumCanRun(parameters, salt: salt, secret: nil, associatedData: [])
            valid.append(
                Argon2BackendVectorTest(
                    tcId: number.take(), comment: run.comment, flags: [both ? "BothBackends" : "Libargon2Only"],
                    variant: run.variant.rawValue, version: 19, iterations: run.t, memoryKiB: run.m, parallelism: run.p,
                    password: Hex.encode(password), salt: Hex.encode(salt), outputLength: run.out,
                    tag: Hex.encode(tag.revealedBytes()), result: "valid"
                ))
        }
        typealias Bad = (comment: String, t: UInt32, m: UInt32, p: UInt32, salt: Int, out: Int, expect: String)
        let limits = Argon2.Limits.standard
        let bad: [Bad] = [
            ("t = 0", 0, 64, 1, 16, 32, "kdfParameterTooSmall.iterations"),
            ("t above the cap", limits.iterations.upperBound + 1, 64, 1, 16, 32, "kdfParameterTooLarge.iterations"),
            ("p = 0", 1, 64, 0, 16, 32, "kdfParameterTooSmall.parallelism"),
            ("p above the cap", 1, 1024, limits.parallelism.upperBound + 1, 16, 32, "kdfParameterTooLarge.parallelism"),
            ("m below 8 KiB", 1, 4, 1, 16, 32, "kdfParameterTooSmall.memoryKiB"),
            ("m below 8 KiB per lane (m = 16, p = 4)", 1, 16, 4, 16, 32, "kdfParameterTooSmall.memoryKiB"),
            (
                "m above the 4 GiB cap: refused without allocating", 1, limits.memoryKiB.upperBound + 1, 1, 16, 32,
                "kdfParameterTooLarge.memoryKiB"
            ),
            ("salt of 7 bytes", 1, 64, 1, 7, 32, "kdfParameterTooSmall.saltLength"),
            ("salt above the cap", 1, 64, 1, limits.saltLength.upperBound + 1, 32, "kdfParameterTooLarge.saltLength"),
            ("output of 3 bytes", 1, 64, 1, 16, 3, "kdfParameterTooSmall.outputLength"),
            (
                "output above the cap", 1, 64, 1, 16, limits.outputLength.upperBound + 1,
                "kdfParameterTooLarge.outputLength"
            ),
        ]
        for run in bad {
            invalid.append(
                Argon2BackendVectorTest(
                    tcId: number.take(), comment: run.comment, flags: ["OutOfBounds"], variant: "argon2id", version: 19,
                    iterations: run.t, memoryKiB: run.m, parallelism: run.p, password: Hex.encode(random.bytes(16)),
                    salt: Hex.encode(random.bytes(run.salt)), outputLength: run.out, result: "invalid",
                    expect: run.expect
                ))
        }
        return try CofferVectorFormat.encode(
            CofferVectorFile(
                algorithm: "coffer-argon2-backends",
                header: [
                    "Argon2 (RFC 9106, version 0x13, no secret, no associated data) tags computed with libargon2.",
                    "Coffer's automatic backend, libsodium where it can express the call, and libargon2",
                    "must all reproduce them. Parameters outside Coffer's bounds must be refused",
                    "with the named parameter, before any work.",
                ],
                notes: [
                    "BothBackends":
                        "libsodium's crypto_pwhash can compute this call "
                        + "(Argon2i/id, p = 1, 16-byte salt, output >= 16)",
                    "Libargon2Only": "only libargon2 can compute this call",
                    "OutOfBounds": "a parameter outside Argon2.Limits.standard",
                ],
                testGroups: [
                    CofferVectorGroup(type: "Argon2Tag", tests: valid),
                    CofferVectorGroup(type: "Argon2Bounds", tests: invalid),
                ]
            ))
    }
}

struct Argon2BackendVectorRunner: GeneratedVectorRunner {
    let algorithm = "coffer-argon2-backends"

    func checkValid(_ test: Argon2BackendVectorTest, id: String) throws -> VectorCaseResult {
        let parameters = try test.parameters
        let salt = try Hex.decode(test.salt)
        let password = SecretBytes(try Hex.decode(test.password))
        let both = Argon2.libsodiumCanRun(parameters, salt: salt, secret: nil, associatedData: [])
        guard both == test.flags.contains("BothBackends") else {
            return VectorCaseResult(id: id, passed: false, detail: "flag BothBackends disagrees with libsodiumCanRun")
        }
        let backends: [Argon2.Backend] = both ? [.automatic, .libsodium, .libargon2] : [.automatic, .libargon2]
        let expected = try Hex.decode(test.tag ?? "")
        return Check.all(
            id,
            try backends.map { backend in
                let tag = try Argon2.deriveKey(password: password, salt: salt, parameters: parameters, backend: backend)
                return Check.equal(id, tag.revealedBytes(), expected, "tag (\(backend.rawValue) backend)")
            })
    }

    func outcome(_ test: Argon2BackendVectorTest) throws -> String {
        let parameters = try test.parameters
        let salt = try Hex.decode(test.salt)
        let password = SecretBytes(try Hex.decode(test.password))
        return outcomeName { () throws(PrimitiveError) in
            _ = try Argon2.deriveKey(password: password, salt: salt, parameters: parameters)
        }
    }
}
