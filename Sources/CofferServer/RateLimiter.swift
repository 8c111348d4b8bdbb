// SPDX-License-Identifier: MIT
import Foundation
import Hummingbird
import Synchronization

/// Per-address limits (Spec/server.md §6.3), counted in fixed one-minute windows in memory: requests, and
/// failures — a link lookup that finds nothing (`404`, which is how lookup ids would be guessed) or a refused
/// signature (`401`). Past either, the address gets `429` until its minute ends. The counters sit behind a lock
/// (held for one dictionary update), not in an actor: every request counts, and a hop to an actor's executor on
/// every request was a measurable part of a link download's cost.
final class RateLimiter: Sendable {
    private struct Window {
        var start: Int64
        var requests = 0
        var failures = 0
    }

    private let requestsPerMinute: Int
    private let failuresPerMinute: Int
    private let now: @Sendable () -> Int64
    private let windows = Mutex<[String: Window]>([:])

    init(requestsPerMinute: Int, failuresPerMinute: Int, now: @escaping @Sendable () -> Int64) {
        self.requestsPerMinute = requestsPerMinute
        self.failuresPerMinute = failuresPerMinute
        self.now = now
    }

    /// Counts a request from `address`; false if the address is over a limit this minute.
    func admit(_ address: String) -> Bool { count(address, evenOver: true) }

    /// Counts a request from `address` only if the address is within its limits this minute, and says whether it
    /// was: a caller that would otherwise pass the request on (to be counted, and refused, there) asks this.
    func admitIfWithin(_ address: String) -> Bool { count(address, evenOver: false) }

    /// Whether `address` was within its limits this minute; its request is counted if it was, or `evenOver`.
    private func count(_ address: String, evenOver: Bool) -> Bool {
        let minute = now() / 60
        return windows.withLock { windows in
            var window = Self.current(&windows, address, minute: minute)
            let within = isWithin(window)
            if within || evenOver {
                window.requests += 1
                windows[address] = window
            }
            return within
        }
    }

    /// Whether `address` is within its limits this minute, counting nothing.
    func isWithin(_ address: String) -> Bool {
        let minute = now() / 60
        return windows.withLock { windows in
            isWithin(Self.current(&windows, address, minute: minute))
        }
    }

    /// Whether `window` leaves room for one more request: the one place the two limits are compared.
    private func isWithin(_ window: Window) -> Bool {
        window.requests < requestsPerMinute && window.failures < failuresPerMinute
    }

    func fail(_ address: String) {
        let minute = now() / 60
        windows.withLock { windows in
            var window = Self.current(&windows, address, minute: minute)
            window.failures += 1
            windows[address] = window
        }
    }

    private static func current(_ windows: inout [String: Window], _ address: String, minute: Int64) -> Window {
        if windows.count > 100_000 { windows = windows.filter { $0.value.start == minute } }
        guard let window = windows[address], window.start == minute else { return Window(start: minute) }
        return window
    }
}

/// Applies the `RateLimiter` to every route.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let limiter: RateLimiter

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        let address = context.clientKey
        guard limiter.admit(address) else {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: "60"])
        }
        let isLink = request.uri.path.hasPrefix("/v1/links/")
        do {
            let response = try await next(request, context)
            if response.status == .notFound && isLink { limiter.fail(address) }
            return response
        } catch let error as any HTTPResponseError {
            if error.status == .unauthorized || (error.status == .notFound && isLink) { limiter.fail(address) }
            throw error
        }
    }
}
