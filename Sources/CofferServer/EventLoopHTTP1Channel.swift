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
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel

    /// Hummingbird's HTTP/1 pipeline, with a `LinkFileSender` just above NIO's HTTP encoder.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let encoder = try pipeline.handler(type: HTTPResponseEncoder.self)
            try pipeline.addHandler(LinkFileSender(), position: .after(encoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopExecutor(value.channel.eventLoop)) {
            await http1.handle(value: value, logger: logger)
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
