// SPDX-License-Identifier: MIT
import CofferPrimitives

extension SignedRequestGenerator {
    typealias Refusal = SignedRequestVerifier.Refusal

    /// Each case: a fresh valid request, signed, then one thing changed (or the verifier's state set) so that a
    /// verifier must refuse it with the named refusal.
    static func invalidCases(random: inout DeterministicRandom, number: inout TestNumbering) throws
        -> [SignedRequestCase]
    {
        var cases: [SignedRequestCase] = []
        func base() -> Request { Request(seed: random.bytes(32), nonce: random.bytes(16)) }
        func refuse(
            _ comment: String, _ flag: String, _ refusal: Refusal, prepare: (inout Request) -> Void = { _ in },
            alter: (inout SignedRequestCase) -> Void
        ) throws {
            var request = base()
            prepare(&request)
            var test = try request.signed(number.take(), comment, [flag])
            alter(&test)
            (test.result, test.expect, test.message, test.bodySha256) = ("invalid", refusal.rawValue, nil, nil)
            cases.append(test)
        }
        let other = Base64.encode(
            try Ed25519.SigningKey(seed: SecretBytes(random.bytes(32))).publicKey.rawRepresentation,
            alphabet: .urlSafe)
        let otherNonce = Base64.encode(random.bytes(16), alphabet: .urlSafe)
        // Altered after signing: the message rebuilt from the request differs from the one signed.
        try refuse("the method changed (PUT → POST)", "Altered", .badSignature) { $0.method = "POST" }
        try refuse("another record in the target", "Altered", .badSignature) {
            $0.target = "/v1/vaults/team/records/00fe.list"
        }
        try refuse("another record space in the target", "Altered", .badSignature) {
            $0.target = "/v1/vaults/tean/records/00ff.list"
        }
        try refuse("the target percent-encoded differently (%2E for .)", "Altered", .badSignature) {
            $0.target = "/v1/vaults/team/records/00ff%2Elist"
        }
        try refuse("a query added to the target", "Altered", .badSignature) { $0.target += "?x=1" }
        try refuse("one body byte changed", "Altered", .badSignature) { $0.body = Hex.encode(Array("hellp".utf8)) }
        try refuse("the body extended by one byte", "Altered", .badSignature) { $0.body += "00" }
        try refuse("the body removed", "Altered", .badSignature) { $0.body = "" }
        try refuse("If-None-Match removed", "Altered", .badSignature) { $0.ifNoneMatch = nil }
        try refuse("If-Match added (create turned into replace)", "Altered", .badSignature) {
            ($0.ifNoneMatch, $0.ifMatch) = (nil, "\"2cf24dba\"")
        }
        try refuse("If-Match changed", "Altered", .badSignature, prepare: { $0.covered = ["\"aa\"", nil, nil, nil] }) {
            $0.ifMatch = "\"ab\""
        }
        try refuse("Coffer-Link-Expires changed", "Altered", .badSignature, prepare: { $0.covered[2] = "100" }) {
            $0.linkExpires = "200"
        }
        try refuse("Coffer-Link-Download-Limit added", "Altered", .badSignature) { $0.linkDownloadLimit = "1" }
        try refuse(
            "signed for another server's origin, sent to this one", "Altered", .badSignature,
            prepare: { $0.origin = "https://other.example.org" }
        ) { $0.origin = origin }
        try refuse("Coffer-Time changed by one second (within the window)", "Altered", .badSignature) {
            $0.cofferTime = String(now + 1)
        }
        try refuse("Coffer-Nonce changed", "Altered", .badSignature) { $0.cofferNonce = otherNonce }
        try refuse("Coffer-Key replaced by another account's key", "Altered", .badSignature) { $0.cofferKey = other }
        try refuse("one bit of the signature flipped", "Altered", .badSignature) { test in
            var bytes = (try? Base64.decode(test.cofferSignature, alphabet: .urlSafe)) ?? []
            if !bytes.isEmpty { bytes[0] ^= 1 }
            test.cofferSignature = Base64.encode(bytes, alphabet: .urlSafe)
        }
        try refuse(
            "a bad signature with a nonce already seen: the signature is checked first", "Replay", .badSignature
        ) { test in
            test.usedNonces = [test.cofferNonce]
            test.method = "POST"
        }
        // Out of form.
        try refuse("Coffer-Key of 31 bytes", "Malformed", .malformedHeader) {
            $0.cofferKey = String($0.cofferKey.dropLast())
        }
        try refuse("Coffer-Key padded with =", "Malformed", .malformedHeader) { $0.cofferKey += "=" }
        try refuse("Coffer-Nonce in the standard alphabet (+ for -)", "Malformed", .malformedHeader) {
            $0.cofferNonce = "+" + $0.cofferNonce.dropFirst()
        }
        try refuse("Coffer-Nonce of 15 bytes", "Malformed", .malformedHeader) {
            $0.cofferNonce = Base64.encode(Array(repeating: 7, count: 15), alphabet: .urlSafe)
        }
        try refuse("Coffer-Signature one character short", "Malformed", .malformedHeader) {
            $0.cofferSignature = String($0.cofferSignature.dropLast())
        }
        try refuse("Coffer-Signature not canonical (unused bits set)", "Malformed", .malformedHeader) { test in
            // The last character carries 2 bits and 4 unused ones (zero); the next character of the alphabet
            // keeps the 2 bits and sets an unused one.
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            let index = test.cofferSignature.last.flatMap { alphabet.firstIndex(of: $0) } ?? 0
            test.cofferSignature = String(test.cofferSignature.dropLast()) + String(alphabet[index + 1])
        }
        let times = [
            ("+1767225600", "a sign"), ("0x6955b900", "hexadecimal digits"), ("1767225600.0", "a fraction"),
            ("", "nothing"), ("0001767225600", "13 digits"),
        ]
        for (text, what) in times {
            try refuse("Coffer-Time with \(what)", "Malformed", .malformedHeader) { $0.cofferTime = text }
        }
        // Outside the window, in either direction.
        try refuse(
            "Coffer-Time one second older than the window", "Stale", .staleTime,
            prepare: { $0.time = now - window - 1 }
        ) { _ in }
        try refuse(
            "Coffer-Time one second further ahead than the window", "Stale", .staleTime,
            prepare: { $0.time = now + window + 1 }
        ) { _ in }
        try refuse(
            "a request signed a day ago (a replay after the nonce was forgotten)", "Stale", .staleTime,
            prepare: { $0.time = now - 86_400 }
        ) { _ in }
        // Sent to a server that does not answer to the origin.
        try refuse(
            "sent to (and signed for) an origin the server does not answer to", "Origin", .wrongOrigin,
            prepare: { $0.origin = "https://files.example.org:8443" }
        ) { _ in }
        try refuse(
            "signed for http://, sent to the same host over https", "Altered", .badSignature,
            prepare: { $0.origin = "http://files.example.org" }
        ) { $0.origin = origin }
        // Replays.
        try refuse("the nonce was used before (a replay)", "Replay", .replayedNonce) { test in
            test.usedNonces = [otherNonce, test.cofferNonce]
        }
        return cases
    }
}
