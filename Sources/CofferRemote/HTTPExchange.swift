// SPDX-License-Identifier: MIT
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request, blocking until its answer, with the response body bounded: a `Content-Length` above the
/// bound, or more bytes than it as they arrive, cancels the transfer (a hostile server cannot make the client
/// buffer more than it asked for). A redirect is never followed (the answer is the `3xx` itself), and the whole
/// exchange has a deadline, so a server that hangs or drips bytes cannot hold the client (Spec/server.md §5.1).
/// Foundation's `URLSession`, so the client needs no NIO.
final class HTTPExchange: @unchecked Sendable {
    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    enum Failure: Error {
        /// The body is larger than the bound (`size` as announced or as received so far).
        case tooLarge(size: UInt64)
        /// No answer: the connection failed or timed out.
        case unreachable(String)
    }

    /// One session for the process (its connections are reused), whose delegate hands each task's events to
    /// the exchange that started it.
    private static let router = SessionRouter()
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
    }()

    private let limit: Int
    /// Guards `failure`, set by the session's queue and by the caller's thread at the deadline.
    fileprivate let lock = NSLock()
    fileprivate var received: [UInt8] = []
    fileprivate var response: HTTPURLResponse?
    fileprivate var failure: Failure?
    fileprivate let done = DispatchSemaphore(value: 0)

    private init(limit: Int) { self.limit = limit }

    /// Sends `request`; the reply, or `tooLarge` / `unreachable`. Without a complete answer `deadline` seconds
    /// after it was sent, the transfer is cancelled (`unreachable`).
    static func send(_ request: URLRequest, limit: Int, deadline: TimeInterval = 3600) throws(Failure) -> Reply {
        let exchange = HTTPExchange(limit: limit)
        let task = session.dataTask(with: request)
        router.register(task, exchange)
        task.resume()
        if exchange.done.wait(timeout: .now() + deadline) == .timedOut {
            exchange.expire(after: deadline)
            task.cancel()
            exchange.done.wait()
        }
        if let failure = exchange.lock.withLock({ exchange.failure }) { throw failure }
        guard let response = exchange.response else { throw .unreachable("no response") }
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in response.allHeaderFields { headers[name] = value }
        return Reply(status: response.statusCode, headers: headers, body: exchange.received)
    }

    /// The response head: a `Content-Length` above the bound cancels before the body.
    fileprivate func receive(_ response: URLResponse) -> Bool {
        lock.withLock {
            self.response = response as? HTTPURLResponse
            let announced = response.expectedContentLength
            guard announced <= Int64(limit) else {
                failure = .tooLarge(size: UInt64(announced))
                return false
            }
            return failure == nil
        }
    }

    /// Body bytes: past the bound, false (the caller cancels).
    fileprivate func receive(_ data: Data) -> Bool {
        lock.withLock {
            guard failure == nil else { return false }
            received.append(contentsOf: data)
            guard received.count <= limit else {
                failure = .tooLarge(size: UInt64(received.count))
                return false
            }
            return true
        }
    }

    /// The deadline passed: whatever arrives after is dropped.
    fileprivate func expire(after deadline: TimeInterval) {
        lock.withLock {
            if failure == nil { failure = .unreachable("no complete answer within \(Int(deadline)) s") }
        }
    }

    fileprivate func complete(_ error: (any Error)?) {
        lock.withLock {
            if let error, failure == nil { failure = .unreachable(error.localizedDescription) }
        }
        done.signal()
    }
}

/// The shared session's delegate: routes each task's events to its exchange (the session calls it on its own
/// serial queue; the table is locked because `register` runs on the caller's thread).
private final class SessionRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var exchanges: [Int: HTTPExchange] = [:]

    func register(_ task: URLSessionTask, _ exchange: HTTPExchange) {
        lock.withLock { exchanges[task.taskIdentifier] = exchange }
    }

    private func exchange(_ task: URLSessionTask, remove: Bool = false) -> HTTPExchange? {
        lock.withLock { remove ? exchanges.removeValue(forKey: task.taskIdentifier) : exchanges[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let accepted = exchange(dataTask)?.receive(response) ?? false
        completionHandler(accepted ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if exchange(dataTask)?.receive(data) == false { dataTask.cancel() }
    }

    /// A redirect is not followed: the client talks to the server it was given, and nowhere else.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        exchange(task, remove: true)?.complete(error)
    }
}
