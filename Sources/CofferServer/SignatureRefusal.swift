// SPDX-License-Identifier: MIT
import HTTPTypes
import Hummingbird

/// Why a signed request is refused (`401` with `WWW-Authenticate: Coffer-Signature`, Spec/server.md §6.1), in the
/// order the checks run. The kinds are the `expect` values of `TestVectors/generated/server_signed_request.json`;
/// `reason` names the public input that was wrong.
struct SignatureRefusal: HTTPResponseError {
    enum Kind: String, CaseIterable, Sendable {
        /// A `Coffer-*` header is missing beside the others, doubled, or not of its exact form.
        case malformedHeader
        /// `Coffer-Time` is further from the server's clock than the window.
        case staleTime
        /// The request's `Host` names none of this server's origins.
        case wrongOrigin
        /// The signature does not verify over the message rebuilt from the request as received.
        case badSignature
        /// The nonce was used before (within the window, across restarts and instances).
        case replayedNonce
    }

    let kind: Kind
    let reason: String

    init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    var status: HTTPResponse.Status { .unauthorized }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try RequestAuthenticator.unauthorized(reason).response(from: request, context: context)
    }
}
