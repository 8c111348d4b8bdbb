// SPDX-License-Identifier: MIT
import CofferAge

/// Passes writes on to `base` and keeps the first error it threw, so that a command streaming into an output
/// through the library reports that error as the output's ("cannot write to stdout: …"), not as the library's.
final class RecordingSink: ByteSink {
    private let base: ByteSink
    private(set) var failure: (any Error)?

    init(_ base: ByteSink) { self.base = base }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        do {
            try base.write(bytes)
        } catch {
            if failure == nil { failure = error }
            throw error
        }
    }

    /// Runs `body` with this sink; if the sink failed, its own error is thrown instead of whatever `body` threw.
    func streaming(_ body: (ByteSink) throws -> Void) throws {
        do {
            try body(self)
        } catch {
            throw failure ?? error
        }
    }
}
