// SPDX-License-Identifier: MIT
import Foundation

/// Where a server's state lives (Spec/server.md §4): records and link metadata, and link files' bytes.
struct ServerStorage: Sendable {
    let store: any ServerStore
    let files: any LinkFileStore
    let close: @Sendable () async throws -> Void

    /// PostgreSQL if the configuration names a database (everything in it, no blob directory), else SQLite and a
    /// blob directory in the data directory.
    static func open(_ configuration: ServerConfiguration) async throws -> ServerStorage {
        if let database = configuration.database {
            let store: PostgresServerStore
            do {
                store = try await PostgresServerStore.open(database.configuration)
            } catch ServerStoreError.unavailable {
                throw ServerStorageError.databaseUnavailable
            }
            return ServerStorage(store: store, files: store, close: { await store.close() })
        }
        let store = try await CofferServer.openStore(configuration)
        let blobs = try BlobDirectory(path: configuration.dataDirectory.appendingPathComponent("blobs").path)
        return ServerStorage(
            store: store, files: DirectoryLinkFiles(blobs: blobs, store: store), close: { try await store.close() })
    }
}

/// Why `coffer serve` could not open its storage.
public enum ServerStorageError: Error, Equatable, Sendable {
    /// The PostgreSQL server did not answer (refused, closed, or past the time allowed) when the server started.
    case databaseUnavailable
}
