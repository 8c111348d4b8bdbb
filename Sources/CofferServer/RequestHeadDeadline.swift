// SPDX-License-Identifier: MIT
import NIOCore
import NIOHTTP1

/// The request-head deadline of Spec/server.md §6.3: from the first byte of a request, its request line and headers
/// must be complete within `limit`, however steadily they arrive; otherwise the server answers
/// `408 Request Timeout` and closes the connection, and no route sees the request. The idle timeout alone cannot
/// do this: a client that sends one header byte every few seconds is never idle (slowloris). A connection that
/// waits silently between requests is left to the idle timeout: the deadline starts with the next request's first
/// byte.
///
/// Two handlers share the state: `RequestHeadDeadline` first in the pipeline (it sees the raw bytes, so it knows
/// when a head starts) and `RequestHeadObserver` right after the HTTP decoder (it sees when a head is complete
/// and when the request ends). `RequestHeadDeadlineInstaller`, given to Hummingbird among the handlers it adds
/// after its codec, puts both in place and removes itself.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let limit: TimeAmount
    /// Between requests: the next byte starts a head.
    private var betweenRequests = true
    /// When the head being received started; nil when none is.
    private var headStarted: NIODeadline?
    /// The pending check. It is not cancelled when a head completes: on a busy connection that would schedule and
    /// cancel a timer for every request (a visible part of a ranged link read's cost). A check that finds no head
    /// in progress ends; one that finds a younger head than `limit` waits for that head's deadline.
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount) { self.limit = limit }

    static let answer = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if betweenRequests, headStarted == nil, unwrapInboundIn(data).readableBytes > 0 {
            let now = NIODeadline.now()
            headStarted = now
            if timer == nil { arm(context: context, at: now + limit) }
        }
        context.fireChannelRead(data)
    }

    private func arm(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            check(context: loopBoundContext.value)
        }
    }

    private func check(context: ChannelHandlerContext) {
        timer = nil
        guard let started = headStarted else { return }
        guard NIODeadline.now() >= started + limit else {
            arm(context: context, at: started + limit)
            return
        }
        let answer = context.channel.allocator.buffer(string: Self.answer)
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(NIOAny(answer)).whenComplete { _ in loopBoundContext.value.close(promise: nil) }
    }

    /// The head is complete: no deadline until the request has ended.
    func headReceived() {
        headStarted = nil
        betweenRequests = false
    }

    /// The request's body has ended: the next byte starts the next head.
    func requestEnded() { betweenRequests = true }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    private func stop() {
        timer?.cancel()
        timer = nil
        headStarted = nil
    }
}

/// Tells the `RequestHeadDeadline` when the HTTP decoder has a complete head and when a request ends.
final class RequestHeadObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    let deadline: RequestHeadDeadline

    init(_ deadline: RequestHeadDeadline) { self.deadline = deadline }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadline.headReceived()
        case .end: deadline.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }
}

/// Installs `RequestHeadDeadline` and `RequestHeadObserver` where they belong, then removes itself.
final class RequestHeadDeadlineInstaller: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let limit: TimeAmount

    init(limit: TimeAmount) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        let deadline = RequestHeadDeadline(limit: limit)
        do {
            try pipeline.addHandler(deadline, position: .first)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestHeadObserver(deadline), position: .after(decoder))
        } catch {
            // Without the HTTP decoder there is no head to time; close rather than serve without the limit.
            context.close(promise: nil)
        }
        pipeline.removeHandler(context: context, promise: nil)
    }
}
