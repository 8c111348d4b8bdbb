// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore

/// Link files in the blob directory, metadata in SQLite (Spec/server.md §4.2): the file is named first, its row
/// inserted after, and every read needs the row, so a file without a row (a crash in between) is invisible. A read
/// serves the open file and row kept in the `LinkMetadataCache` while the name still holds that very file.
struct DirectoryLinkFiles: LinkFileStore {
    let blobs: BlobDirectory
    let store: SQLiteServerStore
    var cache = LinkMetadataCache()

    func beginUpload(_ lookupID: String) async throws -> any LinkFileUpload {
        Upload(file: try BlobDirectory.Upload(directory: blobs.path), path: blobs.linkPath(lookupID), files: self)
    }

    /// Serves the kept entry while the name still holds its file (a `stat`, on the calling thread: it does not wait
    /// for the disk once the directory is cached). Otherwise opens the file, then reads the row. A row read after
    /// the open belongs to the opened file if the name still holds that file afterwards: an upload names its file
    /// before inserting its row, a revoke deletes the row before removing the file, and a removed file is never
    /// named again. A name that changes under every attempt (a revoke and a new upload, three times over) is `503`.
    func source(_ lookupID: String) async throws -> LinkSource? {
        let path = blobs.linkPath(lookupID)
        if let kept = cache.entry(lookupID) {
            guard let named = try LinkFile.identityNow(at: path) else {
                cache.forget(lookupID)
                return nil
            }
            if named == kept.file.identity { return Self.source(kept.metadata, kept.file) }
            cache.forget(lookupID)
        }
        for _ in 1...3 {
            guard let file = try await LinkFile.open(path) else { return nil }
            guard let metadata = try await store.link(lookupID) else { return nil }
            guard metadata.size == file.identity.size, try await LinkFile.identity(at: path) == file.identity else {
                continue
            }
            cache.keep(metadata, file: file)
            return Self.source(metadata, file)
        }
        throw ServerStoreError.unavailable
    }

    /// The kept row and open file of `lookupID` while the name still holds that file (a `stat` on the calling
    /// thread), without waiting on anything else; nil when none is kept or it no longer holds (then `source` reads
    /// the link again).
    func kept(_ lookupID: String) -> (metadata: LinkMetadata, file: LinkFile)? {
        guard let kept = cache.entry(lookupID),
            let named = try? LinkFile.identityNow(at: blobs.linkPath(lookupID)), named == kept.file.identity
        else { return nil }
        return kept
    }

    static func source(_ metadata: LinkMetadata, _ file: LinkFile) -> LinkSource {
        LinkSource(metadata: metadata, file: file) { range in try await file.body(range: range) }
    }

    func removeFile(_ lookupID: String) async {
        cache.forget(lookupID)
        unlink(blobs.linkPath(lookupID))
    }

    final class Upload: LinkFileUpload, @unchecked Sendable {
        // One request's body writes it, in order; never shared between tasks.
        let file: BlobDirectory.Upload
        let path: String
        let files: DirectoryLinkFiles

        init(file: BlobDirectory.Upload, path: String, files: DirectoryLinkFiles) {
            self.file = file
            self.path = path
            self.files = files
        }

        var size: Int64 { file.size }

        func write(_ buffer: ByteBuffer) async throws { try file.write(buffer) }

        func commit(_ metadata: LinkMetadata) async throws -> LinkCommit {
            files.cache.forget(metadata.lookupID)
            let fresh = try file.commit(as: path, directory: files.blobs.path)
            if fresh, try await files.store.createLink(metadata) { return .created(etag: metadata.etag) }
            // The name or the row exists: a retry of the same upload is accepted, anything else refused.
            guard BlobDirectory.sameContent(file.temporary, path) else { return .conflict }
            if let existing = try await files.store.link(metadata.lookupID) {
                guard existing.size == metadata.size, existing.owner == nil || existing.owner == metadata.owner,
                    existing.expires == metadata.expires, existing.downloadLimit == metadata.downloadLimit,
                    existing.revocationHash == metadata.revocationHash
                else { return .conflict }
                return .retried(etag: existing.etag)
            }
            guard try await files.store.createLink(metadata) else { return .conflict }
            return .created(etag: metadata.etag)
        }

        /// The temporary file is removed when the upload is freed (`BlobDirectory.Upload.deinit`).
        func discard() async {}
    }
}
