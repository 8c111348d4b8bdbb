// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Signs requests to a `coffer serve` server with an account's Ed25519 identity key (Spec/server.md §6.1). The
/// server learns the public key (and from it the account id); the secret key never leaves this process.
public struct RequestSigner: Sendable {
    let key: Ed25519.SigningKey
    /// The clock (Unix seconds) and the nonce source; replaced only by tests and the vector generator.
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    var nonce: @Sendable () -> [UInt8] = { SecureRandom.bytes(count: 16) }

    package init(key: Ed25519.SigningKey) { self.key = key }

    init(key: Ed25519.SigningKey, now: @escaping @Sendable () -> Int64, nonce: @escaping @Sendable () -> [UInt8]) {
        self.key = key
        self.now = now
        self.nonce = nonce
    }

    /// The four `Coffer-*` headers for `request` (its method, URL, body and covered headers as they are now);
    /// `bodyDigest` replaces the SHA-256 of `httpBody` for a body sent from a file.
    public func headers(for request: URLRequest, bodyDigest: [UInt8]? = nil) -> [String: String] {
        let url = request.url
        let origin = url.flatMap(RequestSignature.origin) ?? ""
        var target = url.map { URLComponents(url: $0, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "" } ?? ""
        if target.isEmpty { target = "/" }
        if let query = url?.query { target += "?" + query }
        let covered = RequestSignature.coveredHeaders.map { request.value(forHTTPHeaderField: $0) }
        return headers(
            method: request.httpMethod ?? "GET", origin: origin, target: target,
            bodyDigest: bodyDigest ?? SHA256.hash(request.httpBody.map { Array($0) } ?? []), covered: covered)
    }

    /// The headers for a request described field by field (the vector tests use this directly).
    public func headers(method: String, origin: String, target: String, body: [UInt8], covered: [String?])
        -> [String: String]
    {
        headers(method: method, origin: origin, target: target, bodyDigest: SHA256.hash(body), covered: covered)
    }

    /// The headers for a request whose body's SHA-256 is `bodyDigest` (a file streamed from disk).
    public func headers(method: String, origin: String, target: String, bodyDigest: [UInt8], covered: [String?])
        -> [String: String]
    {
        let time = now()
        let nonceText = Base64.encode(nonce(), alphabet: .urlSafe)
        let keyText = Base64.encode(key.publicKey.rawRepresentation, alphabet: .urlSafe)
        let message = RequestSignature.message(
            method: method, origin: origin, target: target, bodyDigest: bodyDigest, time: time,
            nonce: nonceText, key: keyText, covered: covered)
        return [
            RequestSignature.keyHeader: keyText,
            RequestSignature.timeHeader: String(time),
            RequestSignature.nonceHeader: nonceText,
            RequestSignature.signatureHeader: Base64.encode(key.signature(for: message), alphabet: .urlSafe),
        ]
    }

    /// Adds the signature headers to `request` (after its body and covered headers are final).
    public func sign(_ request: inout URLRequest) {
        for (name, value) in headers(for: request) { request.setValue(value, forHTTPHeaderField: name) }
    }
}
