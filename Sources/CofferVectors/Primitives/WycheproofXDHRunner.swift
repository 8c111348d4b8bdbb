// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Wycheproof `XDH` (x25519_test.json): `shared = X25519(private, public)`.
///
/// Decision for `acceptable` cases (254 in the file: twist points, non-canonical u, low-order points):
/// - a case whose expected shared secret is all zero passes only when we refuse it with `x25519LowOrderPoint`.
///   libsodium returns -1 for the all-zero result and Coffer turns that into an error, because age (and every
///   contributory protocol on top) must treat it as an attack;
/// - every other acceptable case must succeed with exactly the listed secret (libsodium masks the top bit of u
///   and reduces u ≥ p, as RFC 7748 says).
/// `valid` cases must succeed with the listed secret; an `invalid` case (none in the current file) must be refused.
struct WycheproofXDHRunner: WycheproofRunner {
    let algorithm = "XDH"

    func check(_ c: WycheproofCase) throws -> VectorCaseResult {
        let expected = try c.test.hex("shared")
        let outcome: Result<[UInt8], PrimitiveError>
        do {
            let key = try X25519.PrivateKey(rawRepresentation: SecretBytes(try c.test.hex("private")))
            let peer = try X25519.PublicKey(rawRepresentation: try c.test.hex("public"))
            outcome = .success(try key.sharedSecret(with: peer).revealedBytes())
        } catch let error as PrimitiveError {
            outcome = .failure(error)
        }
        let allZero = expected.allSatisfy { $0 == 0 }
        switch (c.expectation, outcome) {
        case (.valid, .success(let shared)):
            return shared == expected ? c.pass() : c.fail("shared secret differs")
        case (.valid, .failure(let error)):
            return c.fail("valid case refused: \(errorName(error))")
        case (.acceptable, .success(let shared)):
            if allZero { return c.fail("all-zero shared secret was accepted; it must be x25519LowOrderPoint") }
            return shared == expected ? c.pass("accepted") : c.fail("shared secret differs")
        case (.acceptable, .failure(let error)):
            if allZero, error == .x25519LowOrderPoint { return c.pass("refused: all-zero shared secret") }
            return c.fail("acceptable case with a non-zero secret refused: \(errorName(error))")
        case (.invalid, .success):
            return c.fail("invalid case accepted")
        case (.invalid, .failure):
            return c.pass()
        }
    }
}
