// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// One case of `server_signed_request.json` (`coffer-server-signed-request`, Spec/server.md §6.1): a request as
/// the server receives it (method, the origin it was sent to, target, body, the covered headers and the four
/// `Coffer-*` headers), the verifier's state (its origins, clock, window and the nonces it has seen), and for a
/// valid case the exact message signed. The signer's Ed25519 seed is given so that `Coffer-Key` and (Ed25519
/// being deterministic) `Coffer-Signature` can be reproduced.
struct SignedRequestCase: GeneratedVectorTest {
    var tcId: Int
    var comment: String
    var flags: [String]
    var signerSeed: String
    var method: String
    var origin: String
    var target: String
    var body: String
    var ifMatch: String?
    var ifNoneMatch: String?
    var linkExpires: String?
    var linkDownloadLimit: String?
    var cofferKey: String
    var cofferTime: String
    var cofferNonce: String
    var cofferSignature: String
    var serverOrigins: [String]
    var serverTime: Int64
    var window: Int64
    var usedNonces: [String]
    var bodySha256: String?
    var message: String?
    var result: String
    var expect: String?

    /// The covered headers in message order (absent: nil, an empty line).
    var covered: [String?] { [ifMatch, ifNoneMatch, linkExpires, linkDownloadLimit] }
}

struct SignedRequestRunner: GeneratedVectorRunner {
    let algorithm = SignedRequestGenerator.algorithm

    func checkValid(_ test: SignedRequestCase, id: String) throws -> VectorCaseResult {
        do {
            try SignedRequestVerifier.verify(test)
        } catch {
            return VectorCaseResult(id: id, passed: false, detail: "refused: \(error.rawValue)")
        }
        let body = try Hex.decode(test.body)
        let message = SignedRequestVerifier.message(
            method: test.method, origin: test.origin, target: test.target, body: body, time: test.cofferTime,
            nonce: test.cofferNonce, key: test.cofferKey, covered: test.covered)
        let signer = try Ed25519.SigningKey(seed: SecretBytes(try Hex.decode(test.signerSeed)))
        let checks = [
            Check.equal(id, message, try Hex.decode(test.message ?? ""), "message"),
            Check.equal(id, SHA256.hash(body), try Hex.decode(test.bodySha256 ?? ""), "bodySha256"),
            Check.equal(
                id, Array(Base64.encode(signer.publicKey.rawRepresentation, alphabet: .urlSafe).utf8),
                Array(test.cofferKey.utf8), "cofferKey"),
            Check.equal(
                id, Array(Base64.encode(signer.signature(for: message), alphabet: .urlSafe).utf8),
                Array(test.cofferSignature.utf8), "cofferSignature"),
        ]
        return checks.first { !$0.passed } ?? checks[0]
    }

    func outcome(_ test: SignedRequestCase) throws -> String {
        do {
            try SignedRequestVerifier.verify(test)
            return "ok"
        } catch {
            return error.rawValue
        }
    }
}
