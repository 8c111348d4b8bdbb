// SPDX-License-Identifier: MIT
import HTTPTypes
import Hummingbird

/// CORS on the reads of one vault record (Spec/opener.md §8): the browser opener reads a folder link's records
/// from another origin, each read signed by the key it derives from the link (server.md §6.1). The signature,
/// not the origin, is what the server checks, and who can open a record is decided by keys (vault.md §8), so any
/// origin may send a signed read; writes and listings get no CORS headers and stay same-origin for browsers.
extension RecordRoutes {
    static let cors: HTTPFields = [
        .accessControlAllowOrigin: "*",
        .accessControlExposeHeaders: "ETag, Content-Length, Content-Range, Accept-Ranges",
    ]

    /// The preflight of a signed read: the four `Coffer-*` headers and a range.
    static var preflight: HTTPFields {
        var headers = cors
        headers[.accessControlAllowMethods] = "GET, HEAD"
        headers[.accessControlAllowHeaders] =
            "Coffer-Key, Coffer-Time, Coffer-Nonce, Coffer-Signature, Range, If-Range"
        headers[.accessControlMaxAge] = "86400"
        return headers
    }

    func addCORS(to group: RouterGroup<ServerContext>) {
        group.on(":record", method: .options) { _, _ in Response(status: .noContent, headers: Self.preflight) }
    }

    /// `answer` with the CORS headers, on its answer and on a refusal it throws (`404`, `401`, …), so the page
    /// can tell a missing record from a refused read.
    static func withCORS(_ answer: () async throws -> Response) async throws -> Response {
        do {
            var response = try await answer()
            response.headers.append(contentsOf: cors)
            return response
        } catch var error as HTTPError {
            error.headers.append(contentsOf: cors)
            throw error
        }
    }
}
