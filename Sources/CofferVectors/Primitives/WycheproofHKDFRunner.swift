// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Wycheproof `HKDF-SHA-256` and `HKDF-SHA-512`: `okm = HKDF(ikm, salt, info, size)`.
/// `valid` must give exactly `okm` (an empty salt means HashLen zero bytes); `invalid` cases ask for more than
/// 255 × HashLen bytes and must be refused with `hkdfOutputTooLong`.
struct WycheproofHKDFRunner<H: HMACHashFunction>: WycheproofRunner {
    let algorithm: String

    func check(_ c: WycheproofCase) throws -> VectorCaseResult {
        let ikm = SecretBytes(try c.test.hex("ikm"))
        let salt = try c.test.hex("salt")
        let info = try c.test.hex("info")
        let size = try c.test.int("size")
        switch c.expectation {
        case .valid:
            do {
                let okm = try HKDF<H>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: info, outputByteCount: size)
                return okm.revealedBytes() == (try c.test.hex("okm")) ? c.pass() : c.fail("okm differs")
            } catch {
                return c.fail("valid case refused: \(errorName(error))")
            }
        case .invalid:
            let got = outcomeName { () throws(PrimitiveError) in
                _ = try HKDF<H>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: info, outputByteCount: size)
            }
            return got == "hkdfOutputTooLong" ? c.pass() : c.fail("expected hkdfOutputTooLong, got \(got)")
        case .acceptable:
            return c.fail("no decision is documented for acceptable HKDF cases")
        }
    }
}
