// SPDX-License-Identifier: MIT
import HTTPTypes
import Hummingbird

/// A storage failure the client may retry (Spec/server.md §4.3): the database is unreachable or restarting.
/// Answered `503 Service Unavailable` with `Retry-After`, promptly, never a hang; the server keeps running and
/// serves again as soon as the database is back.
enum ServerStoreError: Error, HTTPResponseError {
    /// The database did not answer (refused, closed the connection, shutting down, or past the time allowed).
    case unavailable

    var status: HTTPResponse.Status { .serviceUnavailable }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.retryAfter: "1", .cacheControl: "no-store"])
    }
}
