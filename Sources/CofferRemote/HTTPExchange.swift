// SPDX-License-Identifier: MIT
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request, blocking until its answer, with the response body bounded: a `Content-Length` above the
/// bound, or more bytes than it as they arrive, cancels the transfer (a hostile server cannot make the client
/// buffer more than it asked for). Foundation's `URLSession`, so the client needs no NIO.
final class HTTPExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
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

    private let limit: Int
    private var received: [UInt8] = []
    private var response: HTTPURLResponse?
    private var failure: Failure?
    private let done = DispatchSemaphore(value: 0)

    private init(limit: Int) { self.limit = limit }

    /// Sends `request`; the reply, or `tooLarge` / `unreachable`.
    static func send(_ request: URLRequest, limit: Int) throws(Failure) -> Reply {
        let exchange = HTTPExchange(limit: limit)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: nil)
        session.dataTask(with: request).resume()
        exchange.done.wait()
        session.finishTasksAndInvalidate()
        if let failure = exchange.failure { throw failure }
        guard let response = exchange.response else { throw .unreachable("no response") }
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in response.allHeaderFields { headers[name] = value }
        return Reply(status: response.statusCode, headers: headers, body: exchange.received)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        self.response = response as? HTTPURLResponse
        let announced = response.expectedContentLength
        if announced > Int64(limit) {
            failure = .tooLarge(size: UInt64(announced))
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        received.append(contentsOf: data)
        if received.count > limit {
            failure = .tooLarge(size: UInt64(received.count))
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error, failure == nil { failure = .unreachable(error.localizedDescription) }
        done.signal()
    }
}
