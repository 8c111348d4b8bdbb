// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore

/// `coffer serve`: the zero-knowledge storage server (Spec/server.md). It stores opaque records and link files,
/// keeps the conditions of each write, and serves bytes; every client check holds whatever it returns.
public enum CofferServer {
    /// Runs the server until SIGINT or SIGTERM. `onListening` gets the bound port once it accepts connections.
    public static func run(
        _ configuration: ServerConfiguration, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let storage = try await ServerStorage.open(configuration)
        let app = try application(configuration, storage: storage, onListening: onListening)
        try await app.runService()
        try await storage.close()
    }

    static func openStore(_ configuration: ServerConfiguration) async throws -> SQLiteServerStore {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        return try await SQLiteServerStore.open(
            path: configuration.dataDirectory.appendingPathComponent("coffer.sqlite").path)
    }

    /// The routes; `now` replaces the clock (tests of expiry).
    static func router(
        _ configuration: ServerConfiguration, storage: ServerStorage, now: (@Sendable () -> Int64)? = nil
    ) throws -> Router<BasicRequestContext> {
        let router = Router()
        RecordRoutes(store: storage.store, limits: configuration.limits).add(to: router)
        var links = LinkRoutes(store: storage.store, files: storage.files, limits: configuration.limits)
        if let now { links.now = now }
        links.add(to: router)
        return router
    }

    static func application(
        _ configuration: ServerConfiguration, storage: ServerStorage,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        Application(
            router: try router(configuration, storage: storage),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) })
    }
}
