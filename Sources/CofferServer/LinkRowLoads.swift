// SPDX-License-Identifier: MIT
import Synchronization

/// Reads of links' rows for `LinkReadResponder`, one at a time per lookup id: the requests that miss a link's kept
/// row together (every connection's first read of a link just shared, say) wait for one read and all get its
/// result, so a burst of them costs one read of the database and one task, not one each.
final class LinkRowLoads: Sendable {
    typealias Loaded = (metadata: LinkMetadata, file: LinkFile)?

    private let read: @Sendable (_ lookupID: String) async -> Loaded
    private let waiting = Mutex<[String: [@Sendable (Loaded) -> Void]]>([:])

    /// `read`: the row and open file of a lookup id, read as the route reads them; nil when there is none.
    init(read: @escaping @Sendable (_ lookupID: String) async -> Loaded) { self.read = read }

    /// Calls `deliver` (on some thread) with the row and file of `lookupID`, from the read in progress for it if
    /// there is one, else from a new one.
    func load(_ lookupID: String, deliver: @escaping @Sendable (Loaded) -> Void) {
        let first = waiting.withLock { waiting in
            guard waiting[lookupID] == nil else {
                waiting[lookupID, default: []].append(deliver)
                return false
            }
            waiting[lookupID] = [deliver]
            return true
        }
        guard first else { return }
        Task {
            let loaded = await read(lookupID)
            let waiters = waiting.withLock { $0.removeValue(forKey: lookupID) ?? [] }
            for deliver in waiters { deliver(loaded) }
        }
    }

    /// Lookup ids being read now (tests).
    var inProgress: Int { waiting.withLock { $0.count } }
}
