// SPDX-License-Identifier: MIT
import Foundation
import Synchronization

/// Open link files and their metadata kept in memory by the blob-directory backend (Spec/server.md §4.2, §5.2), so
/// that serving a link costs no `open`, no thread hop and no SQLite statement. An entry holds the file it was read
/// with (its descriptor, which keeps the inode from being reused while held) and is trusted for `lifetime` at most,
/// and only while the lookup id's name still holds that very file (`DirectoryLinkFiles.source` checks with a
/// `stat` on every read):
/// - a revoke or upload in this process forgets the entry at once;
/// - a revoke in another process on the same data directory removes the file, so the next read finds none
///   (`404`), and an upload again under the same lookup id names a new file, which the entry does not match;
/// - a revoke in another process that stopped between deleting the row and removing the file is seen when the
///   entry expires (the row is read again and is gone).
/// Links with a download limit are never kept: their count changes with every open, and is read from the row.
/// Expired entries are dropped whenever one is kept, so a removed file's descriptor is not held for long.
final class LinkMetadataCache: Sendable {
    private struct Entry {
        let metadata: LinkMetadata
        let file: LinkFile
        let expires: UInt64
    }

    /// How long an entry is trusted, in nanoseconds.
    let lifetime: UInt64
    /// At most this many entries (each an open descriptor); when full even without the expired ones, all are
    /// forgotten (they are opened and read again).
    let capacity: Int
    /// Monotonic nanoseconds (tests replace it).
    let clock: @Sendable () -> UInt64
    private let entries = Mutex<[String: Entry]>([:])

    init(
        lifetime: UInt64 = 1_000_000_000, capacity: Int = 512,
        clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.clock = clock
    }

    /// The metadata and open file kept for `lookupID`, if they have not expired. The caller checks that the lookup
    /// id's name still holds `file` before serving it.
    func entry(_ lookupID: String) -> (metadata: LinkMetadata, file: LinkFile)? {
        let now = clock()
        return entries.withLock { entries in
            guard let entry = entries[lookupID] else { return nil }
            guard now < entry.expires else {
                entries[lookupID] = nil
                return nil
            }
            return (entry.metadata, entry.file)
        }
    }

    /// Keeps `metadata`, read from its row with `file` open under its lookup id; a link with a download limit is not
    /// kept.
    func keep(_ metadata: LinkMetadata, file: LinkFile) {
        guard metadata.downloadLimit == nil else { return }
        let now = clock()
        let entry = Entry(metadata: metadata, file: file, expires: now &+ lifetime)
        entries.withLock { entries in
            entries = entries.filter { now < $0.value.expires }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[metadata.lookupID] = entry
        }
    }

    func forget(_ lookupID: String) {
        _ = entries.withLock { entries in entries.removeValue(forKey: lookupID) }
    }

    var count: Int { entries.withLock { $0.count } }
}
