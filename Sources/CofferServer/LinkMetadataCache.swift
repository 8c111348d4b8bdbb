// SPDX-License-Identifier: MIT
import Foundation
import Synchronization

/// Link metadata kept in memory by the blob-directory backend (Spec/server.md §4.2, §5.2), so that serving a link
/// costs no SQLite statement. An entry is tied to the identity of the file its row was read with, and trusted for
/// `lifetime` at most:
/// - a revoke or upload in this process forgets the entry at once;
/// - a revoke in another process on the same data directory removes the file, so the next open finds none
///   (`404`), and an upload again under the same lookup id names a new file, which the entry does not match;
/// - a revoke in another process that stopped between deleting the row and removing the file is seen when the
///   entry expires (the row is read again and is gone).
/// Links with a download limit are never kept: their count changes with every open, and is read from the row.
final class LinkMetadataCache: Sendable {
    private struct Entry {
        let metadata: LinkMetadata
        let file: LinkFile.Identity
        let expires: UInt64
    }

    /// How long an entry is trusted, in nanoseconds.
    let lifetime: UInt64
    /// At most this many entries; when full, all are forgotten (they are read again from the rows).
    let capacity: Int
    /// Monotonic nanoseconds (tests replace it).
    let clock: @Sendable () -> UInt64
    private let entries = Mutex<[String: Entry]>([:])

    init(
        lifetime: UInt64 = 1_000_000_000, capacity: Int = 10_000,
        clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.clock = clock
    }

    /// The metadata kept for `lookupID`, if it was read with the same `file` and has not expired.
    func metadata(_ lookupID: String, file: LinkFile.Identity) -> LinkMetadata? {
        let now = clock()
        return entries.withLock { entries in
            guard let entry = entries[lookupID] else { return nil }
            guard entry.file == file, now < entry.expires else {
                entries[lookupID] = nil
                return nil
            }
            return entry.metadata
        }
    }

    /// Keeps `metadata`, read from its row with `file` named by its lookup id; a link with a download limit is not
    /// kept.
    func keep(_ metadata: LinkMetadata, file: LinkFile.Identity) {
        guard metadata.downloadLimit == nil else { return }
        let entry = Entry(metadata: metadata, file: file, expires: clock() &+ lifetime)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[metadata.lookupID] = entry
        }
    }

    func forget(_ lookupID: String) {
        _ = entries.withLock { entries in entries.removeValue(forKey: lookupID) }
    }

    var count: Int { entries.withLock { $0.count } }
}
