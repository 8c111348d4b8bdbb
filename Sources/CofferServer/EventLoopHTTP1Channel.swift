// SPDX-License-Identifier: MIT
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 connection handling, run on the connection's own event loop (`EventLoopExecutor`) instead of
/// Swift's global pool: reading a request, routing it and writing its answer then cost no hand-off between threads,
/// which is how a link download can approach a static file server (Spec/server.md §4.2). Routes that block a thread
/// (a file written and `fsync`ed, a record read from disk) leave the loop for the global pool
/// (`BlockingRouteMiddleware`), so no connection waits behind another's disk.
struct EventLoopHTTP1Channel: ServerChildChannel {
    /// A connection: Hummingbird's channel, and when its routes are first needed.
    struct Connection: ServerChildChannelValue {
        let http1: HTTP1Channel.Value
        /// Completes when the first request is passed on to the routes, or the connection ends (nil: at once).
        let routesNeeded: EventLoopFuture<Void>?
        var channel: any Channel { http1.channel }
    }

    /// The link reads answered below Hummingbird (`LinkReadResponder`); nil where the store keeps no link files.
    let links: LinkReadResponder.Links?
    let http1: HTTP1Channel

    /// Where a connection's reads land: NIO keeps the last receive buffer of each connection for its next read, and
    /// its default first size (2 KiB) stayed with every connection that only sent request heads, 2 KiB of the 12 an
    /// idle connection held (BENCHMARKS.md, "Idle connections"). Heads of a few hundred bytes fit in 512; a
    /// connection whose reads fill the buffer (an upload) has it doubled at each full read, up to NIO's 64 KiB.
    static let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536)

    /// Hummingbird's HTTP/1 pipeline, with a `LinkFileSender` just above NIO's HTTP encoder and, with `links`, a
    /// `LinkReadResponder` just before Hummingbird's channel.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        channel.setOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers).flatMap {
            http1.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let encoder = try pipeline.handler(type: HTTPResponseEncoder.self)
            try pipeline.addHandler(LinkFileSender(), position: .after(encoder))
            guard let links else { return Connection(http1: value, routesNeeded: nil) }
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            let needed = channel.eventLoop.makePromise(of: Void.self)
            do {
                try pipeline.addHandler(LinkReadResponder(links, routesNeeded: needed), position: .after(state))
            } catch {
                needed.succeed()  // a promise is completed, whatever happens to the connection
                throw error
            }
            return Connection(http1: value, routesNeeded: needed.futureResult)
        }
    }

    /// Hummingbird's handling of the connection, started only once its routes are needed: a connection that only
    /// reads links answered below them (`LinkReadResponder`) holds no task frames of Hummingbird's request loop, nor
    /// of the executor preference (waiting inside it kept about 1 KiB more with each connection).
    func handle(value: Connection, logger: Logger) async {
        if let needed = value.routesNeeded { try? await needed.get() }
        await withTaskExecutorPreference(EventLoopExecutor(value.channel.eventLoop)) {
            await http1.handle(value: value.http1, logger: logger)
        }
    }
}

/// Runs every route but link reads on Swift's global pool: they may block their thread on the disk (uploads write
/// and `fsync` files, record routes read and write them). A link `GET`, `HEAD` or `OPTIONS` only waits on the thread
/// pool, SQLite's own threads or PostgreSQL, never on its own thread, so it stays on the connection's event loop.
struct BlockingRouteMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        if Self.staysOnLoop(request) { return try await next(request, context) }
        return try await withTaskExecutorPreference(globalConcurrentExecutor) { try await next(request, context) }
    }

    static func staysOnLoop(_ request: Request) -> Bool {
        switch request.method {
        case .get, .head, .options: request.uri.path.hasPrefix("/v1/links/")
        default: false
        }
    }
}
