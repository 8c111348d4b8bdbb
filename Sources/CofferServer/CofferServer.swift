// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// `coffer serve`: the zero-knowledge storage server (Spec/server.md). It stores opaque records and link files,
/// keeps the conditions of each write, checks who signed a request and whether they may write (§6), and serves
/// bytes; every client check holds whatever it returns.
public enum CofferServer {
    /// Why the server refuses to start.
    public enum StartError: Error {
        /// `--listen` binds every interface and no public origin names the server (§6.1).
        case noOrigin(host: String)
    }

    /// Runs the server until SIGINT or SIGTERM. `onListening` gets the bound port once it accepts connections.
    public static func run(
        _ configuration: ServerConfiguration, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        if ServerConfiguration.isWildcard(configuration.host), configuration.publicOrigins.isEmpty {
            throw StartError.noOrigin(host: configuration.host)
        }
        let storage = try await ServerStorage.open(configuration)
        let app = try application(configuration, storage: storage, onListening: onListening)
        try await app.runService()
        try await storage.close()
    }

    static func openStore(_ configuration: ServerConfiguration) async throws -> SQLiteServerStore {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let files = try RecordFiles(
            directory: configuration.dataDirectory.appendingPathComponent("records").path,
            threshold: configuration.limits.recordFileBytes)
        return try await SQLiteServerStore.open(
            path: configuration.dataDirectory.appendingPathComponent("coffer.sqlite").path, files: files)
    }

    /// The routes; `now` replaces the clock of link expiry (tests; signature times and rate windows always use the
    /// system clock); `origins` is filled with the bound address once the server listens, unless the configuration
    /// names its public origins. `onEventLoops`: the connections run on their event loops (`EventLoopHTTP1Channel`),
    /// so the routes that may block a thread leave them (`BlockingRouteMiddleware`); otherwise every route stays on
    /// the executor its server chose.
    static func router(
        _ configuration: ServerConfiguration, storage: ServerStorage, now: (@Sendable () -> Int64)? = nil,
        origins: ServerOrigins? = nil, onEventLoops: Bool = false, limiter: RateLimiter? = nil
    ) throws -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        if onEventLoops { router.add(middleware: BlockingRouteMiddleware()) }
        router.add(middleware: RateLimitMiddleware(limiter: limiter ?? rateLimiter(configuration)))
        let authenticator = RequestAuthenticator(
            store: storage.store, origins: origins ?? ServerOrigins(configuration.publicOrigins),
            window: configuration.signatureWindow)
        var records = RecordRoutes(store: storage.store, limits: configuration.limits, authenticator: authenticator)
        records.blobs = storage.store as? any RecordBlobStore
        records.add(to: router)
        MemberRoutes(store: storage.store, authenticator: authenticator).add(to: router)
        var links = LinkRoutes(
            store: storage.store, files: storage.files, limits: configuration.limits, authenticator: authenticator)
        if let now { links.now = now }
        links.add(to: router)
        return router
    }

    /// The per-address limits of `configuration`, counted against `now` (Unix seconds; the system clock in `coffer
    /// serve`, a fixed minute in tests, whose counts must not start again at a minute's end).
    static func rateLimiter(
        _ configuration: ServerConfiguration, now: @escaping @Sendable () -> Int64 = systemSeconds
    ) -> RateLimiter {
        RateLimiter(
            requestsPerMinute: configuration.limits.requestsPerMinute,
            failuresPerMinute: configuration.limits.failuresPerMinute, now: now)
    }

    /// Unix seconds by the system clock.
    @Sendable static func systemSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// The server: the routes, on connections served on their event loops, where reads of the blob directory's links
    /// are answered before the routes when they can be (`LinkReadResponder`); `answered` counts those answers (tests).
    static func application(
        _ configuration: ServerConfiguration, storage: ServerStorage,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }, answered: LinkReadResponder.Counter? = nil,
        rateClock: @escaping @Sendable () -> Int64 = systemSeconds
    ) throws -> some ApplicationProtocol {
        let origins = ServerOrigins(configuration.publicOrigins)
        let limits = configuration.limits
        let limiter = rateLimiter(configuration, now: rateClock)
        let links = (storage.files as? DirectoryLinkFiles).map { files in
            LinkReadResponder.Links(
                kept: { files.kept($0) },
                loads: LinkRowLoads { lookupID in
                    guard let source = try? await files.source(lookupID), let file = source.file else { return nil }
                    return (source.metadata, file)
                }, limiter: limiter, now: systemSeconds, answered: answered)
        }
        return Application(
            router: try router(configuration, storage: storage, origins: origins, onEventLoops: true, limiter: limiter),
            server: HTTPServerBuilder { responder in
                EventLoopHTTP1Channel(
                    links: links,
                    http1: HTTP1Channel(
                        responder: responder,
                        configuration: .init(
                            additionalChannelHandlers: [
                                RequestHeadDeadlineInstaller(limit: .seconds(Int64(limits.headTimeoutSeconds)))
                            ],
                            idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds)),
                            httpDecoderConfiguration: .init(
                                maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes,
                                maxHeaderFieldCount: 100))))
            },
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                origins.bound(host: configuration.host, port: port)
                onListening(port)
            },
            logger: logger())
    }

    /// Hummingbird's logger (label `Hummingbird`, level from `LOG_LEVEL` as Hummingbird's own default does), with a
    /// handler that formats metadata only for lines it writes (`ServerLogHandler`).
    static func logger() -> Logger {
        var logger = Logger(label: "Hummingbird") { ServerLogHandler(label: $0) }
        if let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) {
            logger.logLevel = level
        }
        return logger
    }
}
