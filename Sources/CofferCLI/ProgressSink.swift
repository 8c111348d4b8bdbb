// SPDX-License-Identifier: MIT
import CofferFormat
import Foundation
import Synchronization

/// Writes through to a sink and shows the byte count on stderr when stderr is a terminal and the input is large.
/// Positional writes (several threads encrypting a file into a file) pass through when the base sink takes them.
final class ProgressSink: PositionalByteSink, Sendable {
    private nonisolated(unsafe) let base: ByteSink
    private let enabled: Bool
    private let counts = Mutex<(written: UInt64, lastShown: UInt64)>((0, 0))

    init(_ base: ByteSink, inputSize: UInt64?) {
        self.base = base
        enabled = CLI.isTerminal(2) && (inputSize ?? 0) >= 64 << 20
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        count(bytes.count)
    }

    func positionalOffset() -> UInt64? { (base as? PositionalByteSink)?.positionalOffset() }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard let positional = base as? PositionalByteSink else { throw POSIXError(.ESPIPE) }
        try positional.write(bytes, at: offset)
        count(bytes.count)
    }

    func seek(to offset: UInt64) throws {
        guard let positional = base as? PositionalByteSink else { throw POSIXError(.ESPIPE) }
        try positional.seek(to: offset)
    }

    private func count(_ bytes: Int) {
        guard enabled else { return }
        let shown: UInt64? = counts.withLock { counts in
            counts.written += UInt64(bytes)
            guard counts.written - counts.lastShown >= 16 << 20 else { return nil }
            counts.lastShown = counts.written
            return counts.written
        }
        if let shown { StandardError.write("\rcoffer: \(shown >> 20) MiB") }
    }

    func finish() {
        let (written, lastShown) = counts.withLock { $0 }
        if enabled && lastShown > 0 {
            StandardError.write("\rcoffer: \(written >> 20) MiB done\n")
        }
    }
}
