// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `transcribed/phc_argon2_test_c.json`: the expectations of phc-winner-argon2's `src/test.c` (p = 1 and 2,
/// no secret, ASCII password and salt).
///
/// - `hash` (26): `tag = Argon2(t, m, p, password, salt)` through `Argon2.deriveKey` with the automatic backend;
///   where libsodium can express the call, the libsodium and libargon2 backends must both give the same tag
///   (none of these cases qualifies: their salt "somesalt" is 8 bytes and `crypto_pwhash` needs 16 — the
///   backend equivalence is covered by `TestVectors/generated/argon2_backends.json`). The `encoded` PHC string
///   must then parse to exactly these parameters, salt and tag, which is what `argon2_verify` checks.
/// - `verify_error` (8): Coffer has no encoded-string API, so `PHCEncodedString.verify` (a strict parser of the
///   format plus `Argon2.deriveKey`) stands in for `argon2_verify`: ARGON2_DECODING_FAIL must be a parse failure,
///   ARGON2_SALT_TOO_SHORT must be `kdfParameterTooSmall.saltLength` from our bounds, ARGON2_VERIFY_MISMATCH must
///   be a tag mismatch.
/// - The 2 `largeMemory` cases need 1 GiB: they run only with COFFER_SLOW_VECTORS=1 and are otherwise reported as
///   skipped with that reason (still counted against `numberOfTests`).
struct PHCArgon2TestRunner: VectorRunner {
    let name = "phc test.c Argon2"

    func accepts(path: String, contents: Data) -> Bool {
        VectorJSON.probe(contents)?.title?.hasPrefix("Argon2 reference-implementation test vectors") == true
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let file = try VectorJSON.object(contents, path: path)
        let results = try file.objects("tests").map { test in
            let id = "id \(try test.int("id"))"
            switch try test.string("kind") {
            case "hash":
                if test.flag("largeMemory") && !SlowVectors.enabled { return SlowVectors.skip(id, "1 GiB Argon2") }
                return Check.valid(id) { try hashCase(id, test) }
            case "verify_error":
                return try verifyErrorCase(id, test)
            case let kind:
                throw VectorError.malformed(path: path, reason: "unknown kind \"\(kind)\"")
            }
        }
        return VectorFileReport(path: path, suite: name, declaredCount: try file.int("numberOfTests"), cases: results)
    }

    private func hashCase(_ id: String, _ test: JSONObject) throws -> VectorCaseResult {
        guard let variant = Argon2.Variant(rawValue: try test.string("type")) else {
            return VectorCaseResult(id: id, passed: false, detail: "unknown type")
        }
        let parameters = Argon2.Parameters(
            variant: variant, version: try test.int("version") == 16 ? .v10 : .v13,
            iterations: UInt32(try test.int("passes")), memoryKiB: UInt32(try test.int("memoryKiB")),
            parallelism: UInt32(try test.int("parallelism")), outputByteCount: try test.int("tagLength")
        )
        let password = SecretBytes(try test.text("password"))
        let salt = try test.text("salt")
        let expected = try test.hex("tag")
        var backends: [Argon2.Backend] = [.automatic]
        if Argon2.libsodiumCanRun(parameters, salt: salt, secret: nil, associatedData: []) {
            backends += [.libsodium, .libargon2]
        }
        for backend in backends {
            let tag = try Argon2.deriveKey(password: password, salt: salt, parameters: parameters, backend: backend)
            guard tag.revealedBytes() == expected else {
                return VectorCaseResult(id: id, passed: false, detail: "tag differs (\(backend.rawValue) backend)")
            }
        }
        let encoded = try PHCEncodedString(try test.string("encoded"))
        let described = PHCEncodedString(
            variant: variant, version: parameters.version, memoryKiB: parameters.memoryKiB,
            iterations: parameters.iterations, parallelism: parameters.parallelism, salt: salt, hash: expected
        )
        guard encoded == described else {
            return VectorCaseResult(
                id: id, passed: false, detail: "encoded string does not carry these parameters and tag")
        }
        return VectorCaseResult(id: id, passed: true)
    }

    private func verifyErrorCase(_ id: String, _ test: JSONObject) throws -> VectorCaseResult {
        let expected: PHCEncodedString.Verification =
            switch try test.string("expectedError") {
            case "ARGON2_DECODING_FAIL": .decodingFailed
            case "ARGON2_SALT_TOO_SHORT": .refused("kdfParameterTooSmall.saltLength")
            case "ARGON2_VERIFY_MISMATCH": .mismatch
            case let other: throw VectorError.malformed(path: test.path, reason: "unknown expectedError \(other)")
            }
        let got = PHCEncodedString.verify(try test.string("encoded"), password: try test.text("password"))
        return got == expected
            ? VectorCaseResult(id: id, passed: true)
            : VectorCaseResult(id: id, passed: false, detail: "expected \(expected), got \(got)")
    }
}
