// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `transcribed/draft_irtf_cfrg_xchacha_03.json`: `subkey = HChaCha20(key, nonce₁₆)` (§2.2.1) and
/// `ciphertext = plaintext ⊕ XChaCha20(key, nonce₂₄, counter…)` with its keystream (A.3.2).
struct XChaChaDraftRunner: TranscribedRunner {
    let name = "XChaCha draft-03"
    let titlePrefix = "draft-irtf-cfrg-xchacha-03"

    func check(_ t: JSONObject, id: String) throws -> VectorCaseResult {
        let key = SecretBytes(try t.hex("key"))
        let nonce = try t.hex("nonce")
        switch try t.string("group") {
        case "hchacha20":
            return Check.equal(
                id, try RawChaCha20.hchacha20(key: key, nonce: nonce).revealedBytes(), try t.hex("subkey"), "subkey")
        case "xchacha20_stream":
            let plaintext = try t.hex("plaintext")
            let counter = UInt64(try t.int("counter"))
            let keystream = try RawChaCha20.xchachaXor(
                [UInt8](repeating: 0, count: plaintext.count), key: key, nonce: nonce, counter: counter
            )
            let ciphertext = try RawChaCha20.xchachaXor(plaintext, key: key, nonce: nonce, counter: counter)
            return Check.all(
                id,
                [
                    Check.equal(id, keystream, try t.hex("keystream"), "keystream"),
                    Check.equal(id, ciphertext, try t.hex("ciphertext"), "ciphertext"),
                ])
        case let group:
            return VectorCaseResult(id: id, passed: false, detail: "unknown group \(group)")
        }
    }
}
