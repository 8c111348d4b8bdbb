// SPDX-License-Identifier: MIT
import Hummingbird
import NIOCore
import NIOHTTP1

/// Sends a link file's bytes from the file to the socket with `sendfile(2)` (Spec/server.md §4.2): no buffer, no
/// copy through the process, and nothing held per download but the file region being sent. A link file is stored
/// as its body is sent (the bytes on disk are the bytes of the answer), so the answer needs no transformation.
///
/// Hummingbird writes response bodies as byte buffers, and its HTTP/1 codec turns them into NIO's HTTP parts; this
/// handler sits below that codec, just above NIO's HTTP encoder (`EventLoopHTTP1Channel` puts it there). A link
/// route on a connection with this handler (`on(_:)`) registers the file and the range (`send(_:range:)`) and
/// answers with `body(count:sent:)`, whose first body part is an empty placeholder; when that part comes down the
/// pipeline, the handler writes the file region in its place. HTTP/1 answers one request at a time, in order, so a
/// connection has at most one registration, and the next body part written is the placeholder; a response that
/// ends without it (an error answered instead) drops the registration. The file stays open until the region is
/// written or the write fails (a closed connection fails it).
final class LinkFileSender: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private struct Registration {
        let file: LinkFile
        let range: ClosedRange<Int64>
        let sent: EventLoopPromise<Void>
    }

    private var registration: Registration?

    /// The sender of `channel`'s pipeline, when called on its event loop and the pipeline has one (`coffer serve`'s
    /// connections); nil otherwise (the body is then read and written as buffers).
    static func on(_ channel: any Channel) -> LinkFileSender? {
        guard channel.eventLoop.inEventLoop else { return nil }
        return try? channel.pipeline.syncOperations.handler(type: LinkFileSender.self)
    }

    /// Registers `range` of `file` as the next response's body; the future completes once the socket has taken
    /// every byte (or fails with the write).
    func send(_ file: LinkFile, range: ClosedRange<Int64>, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        registration?.sent.fail(ChannelError.ioOnClosedChannel)
        let sent = eventLoop.makePromise(of: Void.self)
        registration = Registration(file: file, range: range, sent: sent)
        return sent.futureResult
    }

    /// Whether an answer of `count` bytes ends only once the socket has taken the whole region. Up to
    /// `LinkFile.chunkBytes` (a ranged read), the body is written with the head and the end at once, as a buffer of
    /// that size would be. A longer one ends when `send`'s future completes: until then the connection is answering
    /// a request, as with a body written a chunk at a time, so the idle timeout does not close it under a slow but
    /// reading client, and the requests behind it wait. The route (`body(count:sent:)`) and `LinkReadResponder`
    /// both end their answers by this rule.
    static func endsWhenSent(count: Int64) -> Bool { count > LinkFile.chunkBytes }

    /// The body of a route's answer whose `count` bytes a registration sends, ended as `endsWhenSent` says.
    static func body(count: Int64, sent: EventLoopFuture<Void>) -> ResponseBody {
        guard endsWhenSent(count: count) else { return ResponseBody(byteBuffer: ByteBuffer()) }
        return ResponseBody(contentLength: Int(count)) { writer in
            try await writer.write(ByteBuffer())
            try await sent.get()
            try await writer.finish(nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .body(.byteBuffer(let buffer)) where buffer.readableBytes == 0:
            guard let registration else { break }
            self.registration = nil
            writeRegion(registration, context: context, promise: promise)
            return
        case .end:
            registration?.sent.fail(ChannelError.ioOnClosedChannel)
            registration = nil
        case .head, .body: break
        }
        context.write(data, promise: promise)
    }

    /// The region is written with a handle on the link file's own descriptor, which the handle gives back (without
    /// closing it) once the write is done or failed; the `LinkFile`, kept until then, closes it when released.
    private func writeRegion(
        _ registration: Registration, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?
    ) {
        let file = registration.file
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: file.descriptor)
        let region = FileRegion(
            fileHandle: handle, readerIndex: Int(registration.range.lowerBound),
            endIndex: Int(registration.range.upperBound) + 1)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { _ in
            _ = try? handle.takeDescriptorOwnership()
            withExtendedLifetime(file) {}
        }
        written.futureResult.cascade(to: registration.sent)
        if let promise { written.futureResult.cascade(to: promise) }
        context.write(wrapOutboundOut(.body(.fileRegion(region))), promise: written)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        registration?.sent.fail(ChannelError.ioOnClosedChannel)
        registration = nil
    }
}
