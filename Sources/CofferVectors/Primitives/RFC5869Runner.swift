// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `transcribed/rfc5869_hkdf_sha256.json`: RFC 5869 A.1–A.3 with the intermediate value, so each half is
/// checked on its own: `prk = HKDF-Extract(salt, ikm)`, `okm = HKDF-Expand(prk, info, L)`, and the one-call
/// `HKDF(ikm, salt, info, L) = okm`.
struct RFC5869Runner: TranscribedRunner {
    let name = "RFC 5869 HKDF-SHA-256"
    let titlePrefix = "RFC 5869"

    func check(_ t: JSONObject, id: String) throws -> VectorCaseResult {
        let ikm = SecretBytes(try t.hex("ikm"))
        let salt = try t.hex("salt")
        let info = try t.hex("info")
        let length = try t.int("L")
        let okm = try t.hex("okm")
        let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikm, salt: salt)
        return Check.all(
            id,
            [
                Check.equal(id, prk.revealedBytes(), try t.hex("prk"), "PRK"),
                Check.equal(
                    id,
                    try HKDF<SHA256>.expand(
                        pseudoRandomKey: SecretBytes(try t.hex("prk")), info: info,
                        outputByteCount: length
                    ).revealedBytes(), okm, "OKM from Expand"),
                Check.equal(
                    id,
                    try HKDF<SHA256>.deriveKey(
                        inputKeyMaterial: ikm, salt: salt, info: info,
                        outputByteCount: length
                    ).revealedBytes(), okm, "OKM"),
            ])
    }
}
