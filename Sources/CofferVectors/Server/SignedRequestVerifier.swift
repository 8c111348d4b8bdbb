// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Spec/server.md §6.1, written out again from the spec for the vector file (the server's own code is
/// `RequestSignature` in CofferRemote and `RequestAuthenticator` in CofferServer; a test checks both against the
/// vectors). The message:
///
/// ```
/// "coffer/v1/server-request\n" ‖ METHOD "\n" ‖ origin "\n" ‖ target "\n" ‖ hex(SHA-256(body)) "\n"
/// ‖ time "\n" ‖ nonce "\n" ‖ key "\n" ‖ If-Match "\n" ‖ If-None-Match "\n" ‖ Coffer-Link-Expires "\n"
/// ‖ Coffer-Link-Download-Limit "\n"
/// ```
enum SignedRequestVerifier {
    /// Why a verifier refuses a signed request, in the order it checks (the vectors' `expect` values).
    enum Refusal: String, Error, CaseIterable {
        /// A `Coffer-*` header is not of its exact form: key 43, nonce 22, signature 86 canonical unpadded
        /// base64url characters; time 1 to 12 ASCII digits.
        case malformedHeader
        /// `|Coffer-Time − the verifier's clock|` is more than the window.
        case staleTime
        /// The request was sent to an origin that is not one of the verifier's.
        case wrongOrigin
        /// The Ed25519 signature does not verify over the message rebuilt from the request as received.
        case badSignature
        /// The nonce was used before (checked last: a request with a bad signature does not spend it).
        case replayedNonce
    }

    static let label = "coffer/v1/server-request"

    static func message(
        method: String, origin: String, target: String, body: [UInt8], time: String, nonce: String, key: String,
        covered: [String?]
    ) -> [UInt8] {
        var lines = [label, method, origin, target, Hex.encode(SHA256.hash(body)), time, nonce, key]
        lines += covered.map { $0 ?? "" }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    /// Canonical unpadded base64url of exactly `characters` characters, decoded.
    static func base64URL(_ text: String, characters: Int) -> [UInt8]? {
        guard text.utf8.count == characters, let bytes = try? Base64.decode(text, alphabet: .urlSafe),
            Base64.encode(bytes, alphabet: .urlSafe) == text
        else { return nil }
        return bytes
    }

    /// Checks `test`'s request against its verifier state, in the spec's order; the first refusal, if any.
    static func verify(_ test: SignedRequestCase) throws(Refusal) {
        guard let keyBytes = base64URL(test.cofferKey, characters: 43),
            let key = try? Ed25519.VerifyingKey(rawRepresentation: keyBytes),
            base64URL(test.cofferNonce, characters: 22) != nil,
            let signature = base64URL(test.cofferSignature, characters: 86),
            (1...12).contains(test.cofferTime.utf8.count),
            test.cofferTime.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let time = Int64(test.cofferTime)
        else { throw .malformedHeader }
        guard time >= test.serverTime - test.window, time <= test.serverTime + test.window else { throw .staleTime }
        guard test.serverOrigins.contains(test.origin) else { throw .wrongOrigin }
        guard let body = try? Hex.decode(test.body) else { throw .badSignature }
        let message = Self.message(
            method: test.method, origin: test.origin, target: test.target, body: body, time: test.cofferTime,
            nonce: test.cofferNonce, key: test.cofferKey, covered: test.covered)
        guard key.isValidSignature(signature, for: message) else { throw .badSignature }
        guard !test.usedNonces.contains(test.cofferNonce) else { throw .replayedNonce }
    }
}
