// SPDX-License-Identifier: MIT
import Foundation

extension Vault {
    /// How many times an operation that lost a compare-and-swap is re-run from a fresh read before it gives up.
    static let commitAttempts = 12

    /// Runs `operation` — which reads what it needs, writes new records and commits by compare-and-swap — again from
    /// the start each time it loses a compare-and-swap to another writer (`changedConcurrently`), so the other
    /// writer's change is read and this one re-applied on top of it; after `commitAttempts` losses the error stands
    /// (Spec/vault.md §10.1). A random, growing pause between attempts keeps writers from colliding in step.
    func committing<T>(_ operation: () throws(VaultError) -> T) throws(VaultError) -> T {
        var attempt = 1
        while true {
            do {
                return try operation()
            } catch {
                guard attempt < Self.commitAttempts, Self.isRace(error, attempt: attempt) else { throw error }
                usleep(UInt32.random(in: 1_000...(10_000 * UInt32(attempt))))
                attempt += 1
            }
        }
    }

    /// Runs a read the way `committing` runs a write: again from a fresh read when it met another writer's commit
    /// (a record the listing it read pinned, deleted by that commit: `changedConcurrently`). Nothing is written
    /// before a read ends, so running it again is safe.
    func reading<T>(_ operation: () throws(VaultError) -> T) throws(VaultError) -> T { try committing(operation) }

    /// A lost compare-and-swap — which includes a record its listing pinned that went missing because the listing
    /// moved on (`FolderReader.missingOrMoved`) — or, on the first two attempts only, another missing record that a
    /// concurrent writer may have just deleted after its commit. A record the storage side withholds is still
    /// missing on the third read.
    static func isRace(_ error: VaultError, attempt: Int) -> Bool {
        switch error.reason {
        case .changedConcurrently: true
        case .childMissing: attempt < 3
        default: false
        }
    }

    /// Runs `body`; when it lost a compare-and-swap, `cleanup` removes what it wrote (certainly referenced by
    /// nothing) before the error goes on. After any other failure nothing is removed: the store may have applied a
    /// write it reported as failed, and an unreferenced record costs space where a deleted referenced one costs a
    /// file.
    func cleaningUp(_ cleanup: () -> Void, after body: () throws(VaultError) -> Void) throws(VaultError) {
        do {
            try body()
        } catch {
            if error.code == .changedConcurrently { cleanup() }
            throw error
        }
    }
}
