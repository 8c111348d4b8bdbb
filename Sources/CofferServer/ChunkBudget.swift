// SPDX-License-Identifier: MIT
import Synchronization

/// How many link-file chunks the whole server reads and queues at once (Spec/server.md §4.2): a download takes a
/// permit before reading a chunk and gives it back once its connection's event loop has taken the chunk, so the
/// memory of downloads in flight stays the same however many connections there are; past the budget, downloads
/// wait their turn (first come, first served). A waiter is always served in the end: every permit taken is given
/// back, whatever happens to the download (`withPermit`).
final class ChunkBudget: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(permits: Int) { state = Mutex(State(free: permits)) }

    /// Runs `body` holding one permit.
    func withPermit<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    func acquire() async {
        let taken = state.withLock { state in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        if taken { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.free += 1
                return nil as CheckedContinuation<Void, Never>?
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
