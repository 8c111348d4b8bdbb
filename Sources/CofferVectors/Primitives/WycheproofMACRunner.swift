// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Wycheproof `HMACSHA256` and `HMACSHA512`: `tag` is the first `tagSize` bits of `HMAC-H(key, msg)`.
/// `valid`: the computed tag starts with `tag`, and `isValidAuthenticationCode` accepts it.
/// `invalid` (flag `ModifiedTag`): `isValidAuthenticationCode` must refuse it.
struct WycheproofMACRunner<H: HMACHashFunction>: WycheproofRunner {
    let algorithm: String

    func check(_ c: WycheproofCase) throws -> VectorCaseResult {
        let key = SecretBytes(try c.test.hex("key"))
        let message = try c.test.hex("msg")
        let tag = try c.test.hex("tag")
        let tagBytes = try c.group.int("tagSize") / 8
        guard tag.count == tagBytes else { return c.fail("tag has \(tag.count) bytes, group tagSize says \(tagBytes)") }
        let verified = HMAC<H>.isValidAuthenticationCode(tag, for: message, using: key)
        switch c.expectation {
        case .valid:
            let computed = HMAC<H>.authenticationCode(for: message, using: key)
            guard Array(computed.prefix(tagBytes)) == tag else { return c.fail("computed tag differs") }
            return verified ? c.pass() : c.fail("valid tag refused by isValidAuthenticationCode")
        case .invalid:
            return verified ? c.fail("modified tag accepted") : c.pass()
        case .acceptable:
            return c.fail("no decision is documented for acceptable HMAC cases")
        }
    }
}
