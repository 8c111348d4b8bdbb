// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferRemote
import Foundation
import HTTPTypes
import Hummingbird

/// A request's `Coffer-*` signature headers, parsed and checked for form, freshness and server before its body
/// is read (Spec/server.md §6.1). The signature itself is checked once the body's digest is known.
struct SignatureClaim: Sendable {
    let key: Ed25519.VerifyingKey
    let keyText: String
    /// The signer's account id, `BLAKE2b-128("coffer/v1/account-id" ‖ key)` in hex.
    let account: String
    let time: Int64
    let nonce: String
    let signature: [UInt8]
    let method: String
    let target: String
    let origins: [String]
    let covered: [String?]
}

/// Verifies signed requests: the four headers well formed, `Coffer-Time` within the window, the request addressed
/// to one of this server's origins, the Ed25519 signature over the message of `RequestSignature`, and the nonce
/// never seen before (kept in the store, so a replay is refused across restarts).
struct RequestAuthenticator: Sendable {
    let store: any ServerStore
    let origins: ServerOrigins
    let window: Int64
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    static let keyHeader = HTTPField.Name(RequestSignature.keyHeader)!
    static let timeHeader = HTTPField.Name(RequestSignature.timeHeader)!
    static let nonceHeader = HTTPField.Name(RequestSignature.nonceHeader)!
    static let signatureHeader = HTTPField.Name(RequestSignature.signatureHeader)!

    /// `401` with the scheme the client should use; `reason` names the public input that was wrong.
    static func unauthorized(_ reason: String) -> HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Coffer-Signature"], message: reason)
    }

    /// The claim, or nil when the request carries none of the four headers (an unsigned request).
    func claim(_ request: Request) throws -> SignatureClaim? {
        let fields = [Self.keyHeader, Self.timeHeader, Self.nonceHeader, Self.signatureHeader].map {
            request.headers[values: $0]
        }
        if fields.allSatisfy(\.isEmpty) { return nil }
        guard fields.allSatisfy({ $0.count == 1 }) else {
            throw SignatureRefusal(.malformedHeader, "a signed request carries each Coffer- header exactly once")
        }
        let (keyText, timeText, nonce, signatureText) = (fields[0][0], fields[1][0], fields[2][0], fields[3][0])
        guard let keyBytes = Self.base64URL(keyText, characters: RequestSignature.keyCharacters),
            let key = try? Ed25519.VerifyingKey(rawRepresentation: keyBytes)
        else { throw SignatureRefusal(.malformedHeader, "Coffer-Key is not 32 bytes of base64url") }
        guard Self.base64URL(nonce, characters: RequestSignature.nonceCharacters) != nil else {
            throw SignatureRefusal(.malformedHeader, "Coffer-Nonce is not 16 bytes of base64url")
        }
        guard let signature = Self.base64URL(signatureText, characters: RequestSignature.signatureCharacters) else {
            throw SignatureRefusal(.malformedHeader, "Coffer-Signature is not 64 bytes of base64url")
        }
        guard timeText.utf8.count <= 12, timeText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let time = Int64(timeText)
        else { throw SignatureRefusal(.malformedHeader, "Coffer-Time is not Unix seconds") }
        let clock = now()
        guard time >= clock - window, time <= clock + window else {
            throw SignatureRefusal(.staleTime, "Coffer-Time is more than \(window) seconds from the server's clock")
        }
        let candidates = origins.origins(forAuthority: request.head.authority ?? "")
        guard !candidates.isEmpty else {
            throw SignatureRefusal(.wrongOrigin, "the request is not addressed to this server")
        }
        let covered = RequestSignature.coveredHeaders.map { name in
            HTTPField.Name(name).flatMap { request.headers[$0] }
        }
        return SignatureClaim(
            key: key, keyText: keyText, account: AccountID(signingKey: key).hex, time: time, nonce: nonce,
            signature: signature, method: request.method.rawValue, target: request.head.path ?? "/",
            origins: candidates, covered: covered)
    }

    /// Checks the signature over `bodyDigest` (SHA-256 of the body as received), then spends the nonce; the
    /// signer's account id. A bad signature does not spend the nonce.
    func verify(_ claim: SignatureClaim, bodyDigest: [UInt8]) async throws -> String {
        let valid = claim.origins.contains { origin in
            let message = RequestSignature.message(
                method: claim.method, origin: origin, target: claim.target, bodyDigest: bodyDigest, time: claim.time,
                nonce: claim.nonce, key: claim.keyText, covered: claim.covered)
            return claim.key.isValidSignature(claim.signature, for: message)
        }
        guard valid else { throw SignatureRefusal(.badSignature, "the signature does not verify") }
        guard try await store.useNonce(claim.nonce, time: claim.time, forgetBefore: now() - window - 1) else {
            throw SignatureRefusal(.replayedNonce, "replayed: this Coffer-Nonce was used before")
        }
        return claim.account
    }

    /// A signed request without a body (reads, deletes, membership): the claim verified at once; nil if unsigned.
    func account(of request: Request) async throws -> String? {
        guard let claim = try claim(request) else { return nil }
        return try await verify(claim, bodyDigest: SHA256.hash([]))
    }

    /// Decodes canonical unpadded base64url of exactly `characters` characters.
    static func base64URL(_ text: String, characters: Int) -> [UInt8]? {
        guard text.utf8.count == characters, let bytes = try? Base64.decode(text, alphabet: .urlSafe),
            Base64.encode(bytes, alphabet: .urlSafe) == text
        else { return nil }
        return bytes
    }
}

/// The origins clients may address this server by (`ServerConfiguration.publicOrigins`, or the bound address
/// once it is known); looked up by the request's `Host` (its authority).
final class ServerOrigins: @unchecked Sendable {
    private let lock = NSLock()
    private var origins: [String]

    init(_ configured: [String]) { origins = configured }

    /// With no configured origins: the bound `host:port`, and on loopback its usual aliases.
    func bound(host: String, port: Int) {
        lock.withLock {
            guard origins.isEmpty else { return }
            var hosts = [host.contains(":") ? "[\(host)]" : host]
            if ServerConfiguration.isLoopback(host) { hosts += ["localhost", "127.0.0.1", "[::1]"] }
            origins = Array(Set(hosts.map { "http://\($0.lowercased()):\(port)" })).sorted()
        }
    }

    /// Adds an origin (tests: the live test server's port, known once it listens).
    func allow(_ origin: String) {
        lock.withLock { origins.append(origin) }
    }

    func origins(forAuthority authority: String) -> [String] {
        let wanted = authority.lowercased()
        return lock.withLock {
            origins.filter { origin in
                guard let range = origin.range(of: "://") else { return false }
                return origin[range.upperBound...] == wanted
            }
        }
    }
}
