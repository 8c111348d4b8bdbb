// SPDX-License-Identifier: MIT
import Foundation

/// A fixed number of threads running one body each, for work that mostly waits (on `fsync`, on the network)
/// rather than computes, where a pool sized to the cores (`DispatchQueue.concurrentPerform`) would leave the disk
/// or the link idle.
enum WorkerThreads {
    /// Runs `body` on `count` threads at once (the calling thread is one of them) and returns when every run has
    /// returned. `body` must not throw; it reports failures through state of its own, shared safely.
    static func run(count: Int, _ body: () -> Void) {
        guard count > 1 else {
            if count == 1 { body() }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The threads hold the box, which outlives this call; the body is taken out of it before returning.
            let box = Body(body)
            let done = DispatchGroup()
            for _ in 1..<count {
                done.enter()
                let thread = Thread {
                    box.run()
                    done.leave()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            box.run()
            done.wait()
            box.clear()
        }
    }

    /// Set before the threads start and cleared after they all finished (ordered by the `DispatchGroup`).
    private final class Body: @unchecked Sendable {
        private var body: (() -> Void)?

        init(_ body: @escaping () -> Void) { self.body = body }

        func run() { body?() }
        func clear() { body = nil }
    }
}
