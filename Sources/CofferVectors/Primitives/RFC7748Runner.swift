// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `transcribed/rfc7748_x25519.json`: RFC 7748 §5.2 and §6.1 with raw (unclamped) scalars and u values whose top
/// bit may be set.
/// - `x25519`: `output = X25519(scalar, u)`;
/// - `x25519_iterated`: `k = u = start; repeat n: (k, u) = (X25519(k, u), k)`; the 1,000,000-step case takes a
///   long time and runs only with COFFER_SLOW_VECTORS=1 (otherwise reported as skipped with that reason);
/// - `x25519_dh`: both public keys from `crypto_scalarmult_base`, and the shared secret computed both ways.
struct RFC7748Runner: TranscribedRunner {
    let name = "RFC 7748 X25519"
    let titlePrefix = "RFC 7748"

    func check(_ t: JSONObject, id: String) throws -> VectorCaseResult {
        switch try t.string("group") {
        case "x25519":
            return Check.equal(id, try Self.x25519(try t.hex("scalar"), try t.hex("u")), try t.hex("output"), "output")
        case "x25519_iterated":
            let iterations = try t.int("iterations")
            if t.flag("slow") && !SlowVectors.enabled { return SlowVectors.skip(id, "\(iterations) X25519 iterations") }
            var k = try t.hex("start")
            var u = k
            for _ in 0..<iterations { (k, u) = (try Self.x25519(k, u), k) }
            return Check.equal(id, k, try t.hex("output"), "output after \(iterations) iterations")
        case "x25519_dh":
            let alice = try X25519.PrivateKey(rawRepresentation: SecretBytes(try t.hex("alicePrivate")))
            let bob = try X25519.PrivateKey(rawRepresentation: SecretBytes(try t.hex("bobPrivate")))
            let shared = try t.hex("shared")
            return Check.all(
                id,
                [
                    Check.equal(id, alice.publicKey.rawRepresentation, try t.hex("alicePublic"), "Alice's public key"),
                    Check.equal(id, bob.publicKey.rawRepresentation, try t.hex("bobPublic"), "Bob's public key"),
                    Check.equal(
                        id, try alice.sharedSecret(with: bob.publicKey).revealedBytes(), shared, "Alice's shared secret"
                    ),
                    Check.equal(
                        id, try bob.sharedSecret(with: alice.publicKey).revealedBytes(), shared, "Bob's shared secret"),
                ])
        case let group:
            return VectorCaseResult(id: id, passed: false, detail: "unknown group \(group)")
        }
    }

    private static func x25519(_ scalar: [UInt8], _ u: [UInt8]) throws -> [UInt8] {
        let key = try X25519.PrivateKey(rawRepresentation: SecretBytes(scalar))
        return try key.sharedSecret(with: try X25519.PublicKey(rawRepresentation: u)).revealedBytes()
    }
}
