// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Wycheproof `CHACHA20-POLY1305` and `XCHACHA20-POLY1305` (AEAD test schema).
///
/// `valid`: sealing `msg` gives exactly `ct ‖ tag`, and opening `ct ‖ tag` gives back `msg`.
/// `invalid`: opening must be refused with the precise error — `invalidLength` for a wrong nonce size
/// (flag `InvalidNonceSize`, which the C API cannot even receive), `authenticationFailed` otherwise.
/// ChaCha20-Poly1305 cases run through every backend (`ChaCha20Poly1305.Backend`: libsodium and OpenSSL); a case
/// passes only when each backend passes it.
struct WycheproofAEADRunner: WycheproofRunner {
    let algorithm: String

    static let chaCha20Poly1305 = WycheproofAEADRunner(algorithm: "CHACHA20-POLY1305")
    static let xChaCha20Poly1305 = WycheproofAEADRunner(algorithm: "XCHACHA20-POLY1305")

    private typealias Operation = ([UInt8], SecretBytes, [UInt8], [UInt8]) throws(PrimitiveError) -> [UInt8]

    /// (backend name, seal, open) for each implementation of the algorithm.
    private var implementations: [(String, seal: Operation, open: Operation)] {
        guard algorithm == "CHACHA20-POLY1305" else {
            return [
                (
                    "libsodium",
                    { (m, k, n, a) throws(PrimitiveError) in
                        try XChaCha20Poly1305.seal(m, using: k, nonce: n, authenticating: a)
                    },
                    { (c, k, n, a) throws(PrimitiveError) in
                        try XChaCha20Poly1305.open(c, using: k, nonce: n, authenticating: a)
                    }
                )
            ]
        }
        return ChaCha20Poly1305.Backend.allCases.map { backend in
            (
                backend.description,
                { (m, k, n, a) throws(PrimitiveError) in
                    try ChaCha20Poly1305.seal(m, using: k, nonce: n, authenticating: a, backend: backend)
                },
                { (c, k, n, a) throws(PrimitiveError) in
                    try ChaCha20Poly1305.open(c, using: k, nonce: n, authenticating: a, backend: backend)
                }
            )
        }
    }

    func check(_ c: WycheproofCase) throws -> VectorCaseResult {
        let backends = implementations
        for (backend, seal, open) in backends {
            let result = try check(c, seal: seal, open: open)
            guard result.passed else { return c.fail("\(backend): \(result.detail)") }
        }
        return c.pass(backends.map(\.0).joined(separator: ", "))
    }

    private func check(_ c: WycheproofCase, seal: Operation, open: Operation) throws -> VectorCaseResult {
        let key = SecretBytes(try c.test.hex("key"))
        let nonce = try c.test.hex("iv")
        let aad = try c.test.hex("aad")
        let message = try c.test.hex("msg")
        let sealed = try c.test.hex("ct") + c.test.hex("tag")
        switch c.expectation {
        case .valid:
            do {
                guard try seal(message, key, nonce, aad) == sealed else {
                    return c.fail("seal gives a different ct ‖ tag")
                }
                guard try open(sealed, key, nonce, aad) == message else {
                    return c.fail("open gives a different plaintext")
                }
                return c.pass()
            } catch {
                return c.fail("valid case refused: \(errorName(error))")
            }
        case .invalid:
            let expected = c.flags.contains("InvalidNonceSize") ? "invalidLength" : "authenticationFailed"
            let got = outcomeName { () throws(PrimitiveError) in _ = try open(sealed, key, nonce, aad) }
            return got == expected ? c.pass() : c.fail("expected \(expected), got \(got)")
        case .acceptable:
            return c.fail("no decision is documented for acceptable AEAD cases")
        }
    }
}
