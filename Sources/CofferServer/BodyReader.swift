// SPDX-License-Identifier: MIT
import CofferPrimitives
import Hummingbird
import NIOCore

/// Reads a request body under the limits of Spec/server.md §6.3: at most `limit` bytes (`413`, from the announced
/// `Content-Length` before anything is read, or as soon as the body passes it), and after a grace period at
/// least `minBytesPerSecond` on average (`408`: a client that trickles its body cannot hold a connection and its
/// memory for hours). A client that sends nothing at all is closed by the connection's idle timeout. The body is
/// hashed (SHA-256) as it arrives, for the request's signature.
struct BodyReader {
    let limit: Int
    let minBytesPerSecond: Int
    var grace: Duration = .seconds(10)

    /// Refuses an announced `Content-Length` above the limit before any byte is read.
    func checkAnnounced(_ request: Request) throws {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HTTPError(.contentTooLarge)
        }
    }

    /// Calls `consume` with each part of the body; the SHA-256 of the whole body.
    func read(_ request: Request, _ consume: (ByteBuffer) async throws -> Void) async throws -> [UInt8] {
        try checkAnnounced(request)
        let clock = ContinuousClock()
        let start = clock.now
        var received = 0
        let digest = SHA256.Stream()
        for try await buffer in request.body {
            guard received + buffer.readableBytes <= limit else { throw HTTPError(.contentTooLarge) }
            received += buffer.readableBytes
            buffer.withUnsafeReadableBytes { digest.update($0) }
            try await consume(buffer)
            let elapsed = clock.now - start
            if elapsed > grace {
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                guard Double(received) >= Double(minBytesPerSecond) * seconds else {
                    throw HTTPError(.requestTimeout, message: "the request body arrives too slowly")
                }
            }
        }
        return digest.finalize()
    }

    /// The whole body (records) and its SHA-256.
    func collect(_ request: Request) async throws -> (ByteBuffer, [UInt8]) {
        var collected = ByteBuffer()
        let digest = try await read(request) { buffer in
            var buffer = buffer
            collected.writeBuffer(&buffer)
        }
        return (collected, digest)
    }
}
