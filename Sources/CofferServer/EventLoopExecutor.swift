// SPDX-License-Identifier: MIT
import NIOCore

/// A connection's event loop as a task executor: under `withTaskExecutorPreference(EventLoopExecutor(loop))`, the
/// task's nonisolated async code — a download's reads and Hummingbird's response writer — runs on the loop that
/// owns the connection (Spec/server.md §4.2). Without it, every `await` of that code runs on Swift's global pool,
/// and every chunk written crosses from there to the loop and back: in a profile of 64 KiB ranged reads those
/// thread hand-offs were the largest cost after the copies. A write from the loop reaches the channel at once, and
/// waits while the channel is not writable, so a download still keeps at most one chunk queued.
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
