// SPDX-License-Identifier: MIT
import CofferAge
import Foundation
import Synchronization

/// Writes through to a sink and shows the byte count on stderr when stderr is a terminal and the input is large.
/// Positional writes (several threads encrypting a file into a file) pass through when the base sink offers them.
final class ProgressSink: PositionalByteSink, Sendable {
    private nonisolated(unsafe) let base: ByteSink
    /// The base's positional writes, when it has them (a regular file).
    private nonisolated(unsafe) let positionalBase: (any PositionalByteSink)?
    private let enabled: Bool
    private let counts = Mutex<(written: UInt64, lastShown: UInt64)>((0, 0))

    init(_ base: ByteSink, inputSize: UInt64?) {
        self.base = base
        positionalBase = base.positional
        enabled = CLI.isTerminal(2) && (inputSize ?? 0) >= 64 << 20
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        count(bytes.count)
    }

    /// Positional exactly when the base is.
    var positional: (any PositionalByteSink)? { positionalBase == nil ? nil : self }

    func positionalOffset() -> UInt64? { positionalBase?.positionalOffset() }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard let positionalBase else { throw POSIXError(.ESPIPE) }
        try positionalBase.write(bytes, at: offset)
        count(bytes.count)
    }

    func seek(to offset: UInt64) throws {
        guard let positionalBase else { throw POSIXError(.ESPIPE) }
        try positionalBase.seek(to: offset)
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
