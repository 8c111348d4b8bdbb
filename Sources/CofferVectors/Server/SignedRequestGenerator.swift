// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// Writes `server_signed_request.json`: signed requests to `coffer serve` (Spec/server.md §6.1). Valid cases give
/// the exact message and signature for a request; each invalid case is a valid request with one thing altered
/// after signing (method, origin, target, body, a covered header, time, nonce, key, signature), a header out of
/// form, a time outside the window, a request sent to another server, or a nonce the verifier has seen.
struct SignedRequestGenerator: VectorGenerator {
    static let algorithm = "coffer-server-signed-request"
    let fileName = "server_signed_request.json"

    static let origin = "https://files.example.org"
    static let now: Int64 = 1_767_225_600
    static let window: Int64 = 300

    /// A request before signing, and the verifier it is sent to.
    struct Request {
        var seed: [UInt8]
        var method = "PUT"
        var origin = SignedRequestGenerator.origin
        var target = "/v1/vaults/team/records/00ff.list"
        var body: [UInt8] = Array("hello".utf8)
        var covered: [String?] = [nil, "*", nil, nil]
        var time = SignedRequestGenerator.now
        var nonce: [UInt8]
        var serverTime = SignedRequestGenerator.now
        var serverOrigins = [SignedRequestGenerator.origin]
        var usedNonces: [String] = []

        /// The case for this request signed as it is.
        func signed(_ id: Int, _ comment: String, _ flags: [String]) throws -> SignedRequestCase {
            let key = try Ed25519.SigningKey(seed: SecretBytes(seed))
            let keyText = Base64.encode(key.publicKey.rawRepresentation, alphabet: .urlSafe)
            let nonceText = Base64.encode(nonce, alphabet: .urlSafe)
            let message = SignedRequestVerifier.message(
                method: method, origin: origin, target: target, body: body, time: String(time), nonce: nonceText,
                key: keyText, covered: covered)
            return SignedRequestCase(
                tcId: id, comment: comment, flags: flags, signerSeed: Hex.encode(seed), method: method, origin: origin,
                target: target, body: Hex.encode(body), ifMatch: covered[0], ifNoneMatch: covered[1],
                linkExpires: covered[2], linkDownloadLimit: covered[3], cofferKey: keyText, cofferTime: String(time),
                cofferNonce: nonceText,
                cofferSignature: Base64.encode(key.signature(for: message), alphabet: .urlSafe),
                serverOrigins: serverOrigins, serverTime: serverTime, window: SignedRequestGenerator.window,
                usedNonces: usedNonces, bodySha256: Hex.encode(SHA256.hash(body)), message: Hex.encode(message),
                result: "valid", expect: nil)
        }
    }

    func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        var number = TestNumbering()
        var valid: [SignedRequestCase] = []
        func fresh() -> Request { Request(seed: random.bytes(32), nonce: random.bytes(16)) }
        func add(_ request: Request, _ comment: String, _ flags: [String]) throws {
            valid.append(try request.signed(number.take(), comment, flags))
        }
        var example = Request(seed: [UInt8](repeating: 1, count: 32), nonce: Array(0..<16))
        example.covered = ["\"2cf24dba\"", nil, nil, nil]
        try add(example, "the worked example of Spec/server.md §6.1 (seed 32 x 0x01, nonce 00..0f)", ["SpecExample"])
        var request = fresh()
        try add(request, "create a vault record (If-None-Match: *)", ["Write"])
        request = fresh()
        (request.method, request.target, request.body, request.covered) = (
            "GET", "/v1/vaults/team/records", [],
            [
                nil, nil, nil, nil,
            ]
        )
        try add(request, "list a record space: no body (SHA-256 of zero bytes), no covered header", ["Read"])
        request = fresh()
        (request.method, request.body, request.covered) = ("DELETE", [], [nil, nil, nil, nil])
        try add(request, "delete a record", ["Write"])
        request = fresh()
        request.target = "/v1/links/AAECAwQFBgcICQoLDA0ODw"
        request.body = random.bytes(200)
        request.covered = [nil, nil, "1767312000", "3"]
        try add(request, "upload a link file with an expiry and a download limit", ["Link"])
        request = fresh()
        (request.method, request.body, request.covered) = ("PUT", [], [nil, nil, nil, nil])
        request.target =
            "/v1/vaults/team/members/" + Hex.encode(random.bytes(16)) + "/"
            + Hex.encode(random.bytes(16)) + "/" + Hex.encode(random.bytes(16))
        try add(request, "grant a membership: an empty body", ["Member"])
        request = fresh()
        request.target = "/v1/vaults/team/records?after=00ff.list"
        (request.method, request.body, request.covered) = ("GET", [], [nil, nil, nil, nil])
        try add(request, "a target with a query: path and query as sent", ["Target"])
        request = fresh()
        request.origin = "http://[::1]:8080"
        request.serverOrigins = ["http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080"]
        try add(request, "an IPv6 loopback origin with its port, one of several the server answers to", ["Origin"])
        for (offset, edge) in [(-Self.window, "oldest"), (Self.window, "newest")] {
            request = fresh()
            request.time = Self.now + offset
            try add(request, "Coffer-Time \(offset) s from the server's clock: the \(edge) accepted", ["WindowEdge"])
        }
        request = fresh()
        request.usedNonces = [Base64.encode(random.bytes(16), alphabet: .urlSafe)]
        try add(request, "the server has seen other nonces", ["Nonce"])
        let invalid = try Self.invalidCases(random: &random, number: &number)
        let tests = valid + invalid
        return try CofferVectorFormat.encode(
            CofferVectorFile(
                algorithm: Self.algorithm,
                header: [
                    "Signed requests to coffer serve (Spec/server.md §6.1): Ed25519 over a 12-line message.",
                    "Valid: message is exactly the bytes signed; cofferKey and cofferSignature follow from signerSeed.",
                    "Invalid: a verifier with serverOrigins, serverTime, window and usedNonces refuses with expect,",
                    "checking in this order: header form, time, origin, signature, nonce (a bad signature never",
                    "spends a nonce; a nonce is refused while its time is within the window, across restarts).",
                ],
                notes: Self.notes,
                testGroups: [
                    CofferVectorGroup(type: "SignedRequest", tests: valid),
                    CofferVectorGroup(type: "RefusedRequest", tests: invalid),
                ]))
    }

    static let notes = [
        "SpecExample": "the example printed in Spec/server.md §6.1", "Write": "a vault write",
        "Read": "a signed read", "Link": "a link upload with covered link headers", "Member": "a membership change",
        "Target": "the request target", "Origin": "the origin the request was sent to",
        "WindowEdge": "a time at the edge of the window", "Nonce": "the nonces the verifier has seen",
        "Altered": "a field changed after signing", "Malformed": "a Coffer- header out of form",
        "Stale": "a time outside the window", "Replay": "a nonce used before",
    ]
}
