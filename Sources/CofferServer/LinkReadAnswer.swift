// SPDX-License-Identifier: MIT
import HTTPTypes

/// What a link `GET` or `HEAD` answers, from the link's row and the request's `Range` and `If-Range` alone
/// (Spec/server.md §5.2): the one place that decides a link read's status, headers and range, for the route
/// (`LinkRoutes`) and for the link reads answered on the event loop (`LinkReadResponder`), so both answer alike.
enum LinkReadAnswer: Equatable {
    /// Past its expiry: `410`.
    case gone
    /// A range starting at or past the end: `416` with these headers.
    case unsatisfiable(HTTPFields)
    /// `200` or `206` with these headers; `range` is the bytes the body carries (nil: no byte, an empty file).
    case serve(Serve)

    struct Serve: Equatable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let range: ClosedRange<Int64>?
        /// A `GET` whose range starts at byte 0: an open, counted against a download limit.
        let opens: Bool
    }

    static let cors: HTTPFields = [
        .accessControlAllowOrigin: "*",
        .accessControlExposeHeaders: "ETag, Content-Range, Content-Length, Accept-Ranges",
    ]

    /// The answer to a read of `link` at `now` (Unix seconds); `body`: a `GET` (a `HEAD` has none).
    static func of(_ link: LinkMetadata, range rangeHeader: String?, ifRange: String?, body: Bool, now: Int64)
        -> LinkReadAnswer
    {
        if let expires = link.expires, now >= expires { return .gone }
        var range = ByteRange.parse(rangeHeader, size: link.size)
        if let ifRange, !EntityTag.matches(ifRange, link.etag) { range = .whole }
        var headers = cors
        headers[.eTag] = EntityTag.quoted(link.etag)
        headers[.acceptRanges] = "bytes"
        headers[.cacheControl] = "no-store"
        let served: ClosedRange<Int64>?
        switch range {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(link.size)"
            return .unsatisfiable(headers)
        case .whole: served = link.size > 0 ? 0...(link.size - 1) : nil
        case .part(let part): served = part
        }
        headers[.contentType] = "application/octet-stream"
        headers[.contentLength] = String(served.map { $0.count } ?? 0)
        let status: HTTPResponse.Status
        if case .part(let part) = range {
            status = .partialContent
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(link.size)"
        } else {
            status = .ok
        }
        return .serve(
            Serve(status: status, headers: headers, range: served, opens: body && (served?.lowerBound ?? 0) == 0))
    }
}
