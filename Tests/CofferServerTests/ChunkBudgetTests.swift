// SPDX-License-Identifier: MIT
import Synchronization
import Testing

@testable import CofferServer

/// `ChunkBudget` (Spec/server.md §4.2): never more holders than permits, every waiter served in the end, and a
/// permit given back when the body throws.
@Suite struct ChunkBudgetTests {
    final class Counters: Sendable {
        let holders = Mutex(0)
        let most = Mutex(0)
        let served = Mutex(0)
    }

    /// 40 tasks that each hold a permit for 2 ms: without the budget most of them would hold one at once.
    @Test func neverMoreHoldersThanPermitsAndEveryWaiterIsServed() async throws {
        let budget = ChunkBudget(permits: 3)
        let counters = Counters()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await budget.withPermit {
                        let now = counters.holders.withLock { value in
                            value += 1
                            return value
                        }
                        counters.most.withLock { $0 = max($0, now) }
                        try await Task.sleep(for: .milliseconds(2))
                        counters.holders.withLock { $0 -= 1 }
                        counters.served.withLock { $0 += 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counters.served.withLock { $0 } == 40)
        #expect(counters.most.withLock { $0 } <= 3)
    }

    struct Refused: Error {}

    @Test func aPermitIsGivenBackWhenTheBodyThrows() async throws {
        let budget = ChunkBudget(permits: 1)
        await #expect(throws: Refused.self) { try await budget.withPermit { throw Refused() } }
        let value = try await budget.withPermit { 7 }
        #expect(value == 7, "the only permit came back")
    }
}
