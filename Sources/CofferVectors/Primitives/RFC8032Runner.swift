// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `transcribed/rfc8032_ed25519.json`: RFC 8032 §7.1 TEST 1, 2, 3, 1024 and SHA(abc).
/// `publicKey = Ed25519.SigningKey(seed: secretKey).publicKey`, `signature = sign(message)` byte for byte
/// (Ed25519 is deterministic), and the signature verifies under the public key.
struct RFC8032Runner: TranscribedRunner {
    let name = "RFC 8032 Ed25519"
    let titlePrefix = "RFC 8032"

    func check(_ t: JSONObject, id: String) throws -> VectorCaseResult {
        let key = try Ed25519.SigningKey(seed: SecretBytes(try t.hex("secretKey")))
        let message = try t.hex("message")
        let signature = try t.hex("signature")
        let verifies = key.publicKey.isValidSignature(signature, for: message)
        return Check.all(
            id,
            [
                Check.equal(id, key.publicKey.rawRepresentation, try t.hex("publicKey"), "public key"),
                Check.equal(id, key.signature(for: message), signature, "signature"),
                VectorCaseResult(id: id, passed: verifies, detail: verifies ? "" : "signature does not verify"),
            ])
    }
}
