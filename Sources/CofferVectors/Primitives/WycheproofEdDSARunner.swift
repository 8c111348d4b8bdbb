// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Wycheproof `EDDSA` (ed25519_test.json): verify `sig` over `msg` with the group's `publicKey.pk`.
/// `valid` must verify; `invalid` must not (including the signatures that are not 64 bytes long, which the
/// Swift wrapper refuses before calling libsodium). The file has no `acceptable` cases; one would fail here.
struct WycheproofEdDSARunner: WycheproofRunner {
    let algorithm = "EDDSA"

    func check(_ c: WycheproofCase) throws -> VectorCaseResult {
        let publicKey = try JSONObject(c.group.fields["publicKey"], path: c.group.path, what: "publicKey")
        let verified: Bool
        do {
            let key = try Ed25519.VerifyingKey(rawRepresentation: try publicKey.hex("pk"))
            verified = key.isValidSignature(try c.test.hex("sig"), for: try c.test.hex("msg"))
        } catch is PrimitiveError {
            verified = false
        }
        switch c.expectation {
        case .valid: return verified ? c.pass() : c.fail("valid signature rejected")
        case .invalid: return verified ? c.fail("invalid signature accepted") : c.pass()
        case .acceptable: return c.fail("no decision is documented for acceptable Ed25519 cases")
        }
    }
}
