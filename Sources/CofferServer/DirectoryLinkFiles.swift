// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import NIOCore

/// Link files in the blob directory, metadata in SQLite (Spec/server.md §4.2): the file is named first, its row
/// inserted after, and every read starts from the row, so a file without a row (a crash in between) is invisible.
struct DirectoryLinkFiles: LinkFileStore {
    let blobs: BlobDirectory
    let store: SQLiteServerStore

    func beginUpload(_ lookupID: String) async throws -> any LinkFileUpload {
        Upload(file: try BlobDirectory.Upload(directory: blobs.path), path: blobs.linkPath(lookupID), files: self)
    }

    func body(_ lookupID: String, range: ClosedRange<Int64>, context: some RequestContext) async throws
        -> ResponseBody
    {
        try await FileIO().loadFile(
            path: blobs.linkPath(lookupID), range: Int(range.lowerBound)...Int(range.upperBound), context: context)
    }

    func removeFile(_ lookupID: String) async { unlink(blobs.linkPath(lookupID)) }

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
