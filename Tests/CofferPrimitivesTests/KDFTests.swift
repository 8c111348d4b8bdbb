// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import Testing

@Suite("KDF bounds and backends")
struct KDFTests {
    @Test func hkdfRefusesTooLongOutput() throws {
        let prk = SecretBytes(SecureRandom.bytes(count: 32))
        #expect(throws: PrimitiveError.hkdfOutputTooLong(requested: 8161, maximum: 8160)) {
            try HKDF<SHA256>.expand(pseudoRandomKey: prk, info: [], outputByteCount: 8161)
        }
        #expect(throws: PrimitiveError.hkdfOutputTooLong(requested: 16321, maximum: 16320)) {
            try HKDF<SHA512>.expand(pseudoRandomKey: prk, info: [], outputByteCount: 16321)
        }
        #expect(try HKDF<SHA256>.expand(pseudoRandomKey: prk, info: [], outputByteCount: 8160).count == 8160)
    }

    /// Tight limits so every bound can be crossed cheaply, one parameter at a time.
    static let tight: Argon2.Limits = {
        var limits = Argon2.Limits.standard
        limits.iterations = 2...3
        limits.memoryKiB = 16...64
        limits.parallelism = 1...4
        limits.saltLength = 16...20
        limits.secretLength = 1...4
        limits.associatedDataLength = 1...4
        limits.outputLength = 16...32
        limits.passwordLength = 1...8
        return limits
    }()

    struct BoundCase: Sendable, CustomTestStringConvertible {
        let label: String
        var t: UInt32 = 2, m: UInt32 = 32, p: UInt32 = 1, salt = 16, secret = 2, ad = 2, out = 16, password = 4
        let expected: PrimitiveError
        var testDescription: String { label }
    }

    static let boundCases: [BoundCase] = [
        BoundCase(label: "t low", t: 1, expected: .kdfParameterTooSmall(.iterations, value: 1, minimum: 2)),
        BoundCase(label: "t high", t: 4, expected: .kdfParameterTooLarge(.iterations, value: 4, maximum: 3)),
        BoundCase(label: "m low", m: 8, expected: .kdfParameterTooSmall(.memoryKiB, value: 8, minimum: 16)),
        BoundCase(label: "m high", m: 65, expected: .kdfParameterTooLarge(.memoryKiB, value: 65, maximum: 64)),
        BoundCase(label: "p low", p: 0, expected: .kdfParameterTooSmall(.parallelism, value: 0, minimum: 1)),
        BoundCase(label: "p high", m: 64, p: 5, expected: .kdfParameterTooLarge(.parallelism, value: 5, maximum: 4)),
        BoundCase(label: "salt short", salt: 15, expected: .kdfParameterTooSmall(.saltLength, value: 15, minimum: 16)),
        BoundCase(label: "salt long", salt: 21, expected: .kdfParameterTooLarge(.saltLength, value: 21, maximum: 20)),
        BoundCase(
            label: "secret short", secret: 0, expected: .kdfParameterTooSmall(.secretLength, value: 0, minimum: 1)),
        BoundCase(
            label: "secret long", secret: 5, expected: .kdfParameterTooLarge(.secretLength, value: 5, maximum: 4)),
        BoundCase(
            label: "ad short", ad: 0, expected: .kdfParameterTooSmall(.associatedDataLength, value: 0, minimum: 1)),
        BoundCase(
            label: "ad long", ad: 5, expected: .kdfParameterTooLarge(.associatedDataLength, value: 5, maximum: 4)),
        BoundCase(
            label: "output short", out: 15, expected: .kdfParameterTooSmall(.outputLength, value: 15, minimum: 16)),
        BoundCase(
            label: "output long", out: 33, expected: .kdfParameterTooLarge(.outputLength, value: 33, maximum: 32)),
        BoundCase(
            label: "password short", password: 0, expected: .kdfParameterTooSmall(.passwordLength, value: 0, minimum: 1)
        ),
        BoundCase(
            label: "password long", password: 9,
            expected: .kdfParameterTooLarge(.passwordLength, value: 9, maximum: 8)),
        BoundCase(
            label: "m below 8 KiB per lane", m: 16, p: 4,
            expected: .kdfParameterTooSmall(.memoryKiB, value: 16, minimum: 32)),
    ]

    @Test("each Argon2 bound gives its typed error", arguments: boundCases)
    func argon2Bound(_ c: BoundCase) {
        let parameters = Argon2.Parameters(iterations: c.t, memoryKiB: c.m, parallelism: c.p, outputByteCount: c.out)
        #expect(throws: c.expected) {
            try Argon2.deriveKey(
                password: SecretBytes([UInt8](repeating: 1, count: c.password)),
                salt: [UInt8](repeating: 2, count: c.salt), secret: SecretBytes([UInt8](repeating: 3, count: c.secret)),
                associatedData: [UInt8](repeating: 4, count: c.ad), parameters: parameters, limits: Self.tight
            )
        }
    }

    @Test(
        "libsodium and libargon2 give identical Argon2 output",
        arguments: [
            Argon2.Parameters(variant: .argon2id, iterations: 1, memoryKiB: 8, parallelism: 1, outputByteCount: 16),
            Argon2.Parameters(variant: .argon2id, iterations: 2, memoryKiB: 256, parallelism: 1, outputByteCount: 32),
            Argon2.Parameters(variant: .argon2i, iterations: 3, memoryKiB: 64, parallelism: 1, outputByteCount: 64),
        ])
    func backendsAgree(_ parameters: Argon2.Parameters) throws {
        let password = SecretBytes(SecureRandom.bytes(count: 12))
        let salt = SecureRandom.bytes(count: 16)
        #expect(Argon2.libsodiumCanRun(parameters, salt: salt, secret: nil, associatedData: []))
        let sodium = try Argon2.deriveKey(password: password, salt: salt, parameters: parameters, backend: .libsodium)
        let reference = try Argon2.deriveKey(
            password: password, salt: salt, parameters: parameters, backend: .libargon2)
        #expect(sodium == reference)
        #expect(try Argon2.deriveKey(password: password, salt: salt, parameters: parameters) == reference)
    }

    @Test func libsodiumBackendRefusesWhatItCannotExpress() {
        let parameters = Argon2.Parameters(iterations: 1, memoryKiB: 64, parallelism: 2)
        #expect(throws: PrimitiveError.self) {
            try Argon2.deriveKey(
                password: SecretBytes([1]), salt: [UInt8](repeating: 0, count: 16),
                parameters: parameters, backend: .libsodium)
        }
    }

    @Test("scrypt work factor above the cap is refused without running", arguments: [UInt8(23), 40, 63])
    func scryptCap(_ logN: UInt8) {
        let start = ContinuousClock.now
        #expect(throws: PrimitiveError.kdfParameterTooLarge(.scryptLogN, value: UInt64(logN), maximum: 22)) {
            try Scrypt.deriveKey(password: SecretBytes(Array("pass".utf8)), salt: [1, 2, 3], logN: logN)
        }
        #expect(ContinuousClock.now - start < .milliseconds(200), "a refusal must not compute anything")
    }

    @Test func scryptWithinTheCapRuns() throws {
        let key = try Scrypt.deriveKey(password: SecretBytes(Array("pass".utf8)), salt: [1, 2, 3], logN: 10)
        #expect(key.count == 32)
        #expect(throws: PrimitiveError.kdfParameterTooSmall(.scryptLogN, value: 0, minimum: 1)) {
            try Scrypt.deriveKey(password: SecretBytes([]), salt: [], logN: 0)
        }
    }
}
