// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `transcribed/rfc8439_chacha20_poly1305.json`: RFC 8439 §2.3.2–2.6.2 and App. A.1–A.5.
/// - `chacha20_block`: `keystream = ChaCha20(key, nonce, counter) ⊕ 0⁶⁴`;
/// - `chacha20_encrypt`: `ciphertext = plaintext ⊕ ChaCha20(key, nonce, counter…)`;
/// - `poly1305`: `tag = Poly1305(key, message)`;
/// - `poly1305_key_gen`: `polyKey = first 32 bytes of ChaCha20(key, nonce, 0)`;
/// - `aead_decrypt`: `ChaCha20Poly1305.open(ciphertext ‖ tag, key, nonce, aad) = plaintext`, with every backend.
struct RFC8439Runner: TranscribedRunner {
    let name = "RFC 8439 ChaCha20/Poly1305"
    let titlePrefix = "RFC 8439"

    func check(_ t: JSONObject, id: String) throws -> VectorCaseResult {
        let key = SecretBytes(try t.hex("key"))
        switch try t.string("group") {
        case "chacha20_block":
            let block = try RawChaCha20.xor(
                [UInt8](repeating: 0, count: 64), key: key, nonce: try t.hex("nonce"),
                counter: UInt32(try t.int("counter"))
            )
            return Check.equal(id, block, try t.hex("keystream"), "keystream block")
        case "chacha20_encrypt":
            let ciphertext = try RawChaCha20.xor(
                try t.hex("plaintext"), key: key, nonce: try t.hex("nonce"), counter: UInt32(try t.int("counter"))
            )
            return Check.equal(id, ciphertext, try t.hex("ciphertext"), "ciphertext")
        case "poly1305":
            return Check.equal(
                id, try RawChaCha20.poly1305(try t.hex("message"), oneTimeKey: key), try t.hex("tag"), "tag")
        case "poly1305_key_gen":
            let polyKey = try RawChaCha20.xor(
                [UInt8](repeating: 0, count: 32), key: key, nonce: try t.hex("nonce"),
                counter: UInt32(try t.int("counter"))
            )
            return Check.equal(id, polyKey, try t.hex("polyKey"), "one-time key")
        case "aead_decrypt":
            for backend in ChaCha20Poly1305.Backend.allCases {
                let plaintext = try ChaCha20Poly1305.open(
                    try t.hex("ciphertext") + t.hex("tag"), using: key, nonce: try t.hex("nonce"),
                    authenticating: try t.hex("aad"), backend: backend
                )
                let result = Check.equal(id, plaintext, try t.hex("plaintext"), "\(backend) plaintext")
                guard result.passed else { return result }
            }
            return VectorCaseResult(id: id, passed: true)
        case let group:
            return VectorCaseResult(id: id, passed: false, detail: "unknown group \(group)")
        }
    }
}
