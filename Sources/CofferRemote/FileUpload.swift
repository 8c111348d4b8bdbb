// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One `PUT` whose body URLSession streams from a file (never read whole into memory), blocking until the answer.
enum FileUpload {
    struct Reply {
        let status: Int
        let etag: String?
    }

    struct Failure: Error {
        let reason: String
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    /// A redirect is not followed: the body goes to the server it was given, and nowhere else.
    private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    private final class Outcome: @unchecked Sendable {
        var reply: Reply?
        var failure: String?
        let done = DispatchSemaphore(value: 0)
    }

    /// SHA-256 of the file at `path`, read in 1 MiB pieces (for the signature of its upload).
    static func digest(of path: String) throws(LinkRemoteError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadableFile(path: path, errno: errno)
        }
        defer { try? handle.close() }
        let stream = SHA256.Stream()
        while true {
            let piece: Data
            do {
                piece = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw .unreadableFile(path: path, errno: EIO)
            }
            if piece.isEmpty { break }
            piece.withUnsafeBytes { stream.update($0) }
        }
        return stream.finalize()
    }

    static func send(_ request: URLRequest, file: URL) throws(Failure) -> Reply {
        let outcome = Outcome()
        let task = session.uploadTask(with: request, fromFile: file) { _, response, error in
            if let response = response as? HTTPURLResponse, error == nil {
                let etag =
                    response.allHeaderFields.first {
                        ($0.key as? String)?.caseInsensitiveCompare("ETag") == .orderedSame
                    }?.value as? String
                outcome.reply = Reply(status: response.statusCode, etag: etag)
            } else {
                outcome.failure = error?.localizedDescription ?? "no response"
            }
            outcome.done.signal()
        }
        task.resume()
        outcome.done.wait()
        guard let reply = outcome.reply else { throw Failure(reason: outcome.failure ?? "no response") }
        return reply
    }
}
