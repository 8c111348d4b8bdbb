// SPDX-License-Identifier: MIT
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Answers a link `GET` or `HEAD` of the blob directory on the connection's event loop, before Hummingbird sees it
/// (Spec/server.md §4.2), when the answer needs nothing but the link's row, its open file and the page cache: the
/// row and file are kept (`LinkMetadataCache`) and the name still holds that file — or, when they are not kept,
/// once they have been read (off the loop, as the route reads them) — the link has no download limit and has not
/// expired, the range is satisfiable, and the page cache holds the range whole. Its status and headers come from
/// `LinkReadAnswer`, as the route's do, with Hummingbird's `Date`; its bytes go out with `sendfile`
/// (`LinkFileSender`). Everything else — no such link, a download limit, expired, not cached, a request with a body
/// or a `Connection` header, any other route — is passed on unchanged, and the route answers it. A read answered
/// here costs no router and no buffer, and nothing of it stays with the connection: a connection that only reads
/// links holds its NIO objects and Hummingbird's idle connection task, whatever the reads were.
///
/// It sits between Hummingbird's `HTTPConnectionStateHandler` (which still sees every request and answer, so the
/// idle timeout and a graceful shutdown count these too) and Hummingbird's own channel. HTTP/1 answers in request
/// order, so it takes a request only when no request it passed on is still being answered (it counts the answers'
/// ends coming back through it), and while it reads a link's row or sends a long answer (`LinkFileSender.endsWhenSent`)
/// it keeps the parts that arrive, and asks the socket for no more, until it is done.
final class LinkReadResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What every connection's responder shares.
    struct Links: Sendable {
        /// The kept row and open file of a lookup id while its name still holds that file (no wait).
        let kept: @Sendable (_ lookupID: String) -> (metadata: LinkMetadata, file: LinkFile)?
        /// The row and open file read as the route reads them (and kept, if the link may be), one read at a time
        /// per lookup id; nil when there is no such link or the read failed.
        let loads: LinkRowLoads
        let limiter: RateLimiter
        /// Unix seconds, the clock of link expiry.
        let now: @Sendable () -> Int64
        /// Counts the reads answered here (tests; nil in `coffer serve`).
        var answered: Counter? = nil
    }

    /// A count shared between connections (tests).
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private let links: Links
    /// Requests passed on whose answer has not ended yet.
    private var passedOn = 0
    /// The remaining parts of the request being passed on.
    private var passing = false
    /// The remaining parts of the request answered here, dropped (its body, if any, and its end).
    private var dropping = false
    /// A link's row being read or a long answer being sent: parts wait, reads are held back.
    private var busy = false
    /// Parts that arrived while `busy`, in order.
    private var waiting: [HTTPRequestPart] = []
    /// A read asked for while `busy`.
    private var readWanted = false
    /// The handler has left the pipeline (the connection closed): a row read that ends now does nothing.
    private var removed = false
    /// Completed (then nil) when the first request is passed on, an error arrives or the connection ends:
    /// Hummingbird's handling of the connection starts then (`EventLoopHTTP1Channel`).
    private var routesNeeded: EventLoopPromise<Void>?

    init(_ links: Links, routesNeeded: EventLoopPromise<Void>? = nil) {
        self.links = links
        self.routesNeeded = routesNeeded
    }

    private func needRoutes() {
        routesNeeded?.succeed()
        routesNeeded = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if busy || !waiting.isEmpty {
            waiting.append(part)
            return
        }
        receive(part, context: context)
    }

    private func receive(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        if dropping {
            if case .end = part { dropping = false }
            return
        }
        if !passing, case .head(let head) = part, passedOn == 0, let read = LinkRead(head) {
            take(read, context: context)
            return
        }
        passOn(part, context: context)
    }

    private func passOn(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        needRoutes()
        switch part {
        case .head:
            passedOn += 1
            passing = true
        case .end: passing = false
        case .body: break
        }
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// A link read this handler may answer: with the kept row at once; otherwise once the row is read, off the loop
    /// (an address over its limits is passed on at once: the route refuses it without reading anything).
    private func take(_ read: LinkRead, context: ChannelHandlerContext) {
        if let kept = links.kept(read.lookupID) {
            decide(read, kept, context: context)
            return
        }
        guard links.limiter.isWithin(ClientKey.of(context.channel.remoteAddress)) else {
            passOn(.head(read.head), context: context)
            return
        }
        busy = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        links.loads.load(read.lookupID) { loaded in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard !handler.removed else { return }
                handler.busy = false
                if let loaded {
                    handler.decide(read, loaded, context: context)
                } else {
                    handler.passOn(.head(read.head), context: context)
                }
                handler.resume(context: context)
            }
        }
    }

    /// Answers `read` from `link` if nothing but this handler is needed, else passes it on.
    private func decide(
        _ read: LinkRead, _ link: (metadata: LinkMetadata, file: LinkFile), context: ChannelHandlerContext
    ) {
        guard link.metadata.downloadLimit == nil,
            case .serve(let answer) = LinkReadAnswer.of(
                link.metadata, range: read.head.headerFields[.range], ifRange: read.head.headerFields[.ifRange],
                body: read.body, now: links.now()),
            let body = Self.body(of: answer, read: read, file: link.file, context: context),
            links.limiter.admitIfWithin(ClientKey.of(context.channel.remoteAddress))
        else {
            passOn(.head(read.head), context: context)
            return
        }
        dropping = true
        respond(answer, body: body, file: link.file, context: context)
    }

    /// What sends the answer's body: nothing for a `HEAD` or an empty answer, else the pipeline's `LinkFileSender`
    /// with the range whole in the page cache; nil (the route answers) when the range is not cached or there is no
    /// sender.
    private static func body(
        of answer: LinkReadAnswer.Serve, read: LinkRead, file: LinkFile, context: ChannelHandlerContext
    ) -> Body? {
        guard read.body, let range = answer.range else { return .noBytes }
        guard file.isCached(range), let sender = try? context.pipeline.syncOperations.handler(type: LinkFileSender.self)
        else { return nil }
        return .file(range, sender)
    }

    private enum Body {
        case noBytes
        case file(ClosedRange<Int64>, LinkFileSender)
    }

    private func respond(
        _ answer: LinkReadAnswer.Serve, body: Body, file: LinkFile, context: ChannelHandlerContext
    ) {
        links.answered?.value.add(1, ordering: .relaxed)
        var headers = answer.headers
        headers[.date] = HTTPDate.now
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))), promise: nil)
        guard case .file(let range, let sender) = body else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let sent = sender.send(file, range: range, on: context.eventLoop)
        context.write(wrapOutboundOut(.body(ByteBuffer())), promise: nil)
        guard LinkFileSender.endsWhenSent(count: Int64(range.count)) else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        busy = true
        context.flush()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        sent.whenComplete { _ in
            let (handler, context) = loopBound.value
            guard !handler.removed else { return }
            context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
            handler.busy = false
            handler.resume(context: context)
        }
    }

    /// After a row read or a long answer: the parts that waited, then the read held back. Parts passed on here are
    /// outside the socket's read, so their end is told too (Hummingbird's channel hands on what it received when a
    /// read completes).
    private func resume(context: ChannelHandlerContext) {
        while !busy, !waiting.isEmpty {
            receive(waiting.removeFirst(), context: context)
        }
        context.fireChannelReadComplete()
        if !busy, waiting.isEmpty, readWanted {
            readWanted = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if busy || !waiting.isEmpty {
            readWanted = true
            return
        }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        needRoutes()
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        needRoutes()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        needRoutes()
    }
}

/// A request this handler may answer: a `GET` or `HEAD` of `/v1/links/{lookupID}` with no body and no `Connection`
/// header (a close is the route's to make).
private struct LinkRead: Sendable {
    let head: HTTPRequest
    let lookupID: String
    var body: Bool { head.method == .get }

    static let prefix = "/v1/links/"

    init?(_ head: HTTPRequest) {
        guard head.method == .get || head.method == .head, let path = head.path, path.hasPrefix(Self.prefix),
            let lookupID = ServerNames.lookupID(String(path.dropFirst(Self.prefix.count))),
            head.headerFields[.connection] == nil, head.headerFields[.transferEncoding] == nil,
            head.headerFields[.contentLength] ?? "0" == "0"
        else { return nil }
        self.head = head
        self.lookupID = lookupID
    }
}
