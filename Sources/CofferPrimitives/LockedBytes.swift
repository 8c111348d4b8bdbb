// SPDX-License-Identifier: MIT
internal import CSodium

/// A secret kept in guarded, locked memory for as long as a long-running process (the `coffer agent`) holds it.
///
/// `sodium_malloc`: its own pages, locked with `mlock` where the system allows (never swapped out), guard pages
/// on both sides, and no access at all (`sodium_mprotect_noaccess`) except inside `withUnsafeBytes`. `wipe()` or
/// the last release frees it with `sodium_free`, which zeroes it first. Short-lived secrets use `SecretBytes`.
package final class LockedBytes: @unchecked Sendable {
    private var pointer: UnsafeMutableRawPointer?
    package let count: Int

    /// Copies `count` bytes from `source` (which the caller zeroes) into locked memory; nil when the system refuses
    /// the allocation.
    package init?(copying source: UnsafeRawBufferPointer) {
        Sodium.ensureInitialized()
        guard let memory = sodium_malloc(Swift.max(source.count, 1)) else { return nil }
        if let base = source.baseAddress, source.count > 0 { memory.copyMemory(from: base, byteCount: source.count) }
        pointer = memory
        count = source.count
        _ = sodium_mprotect_noaccess(memory)
    }

    /// True until `wipe()`.
    package var isHeld: Bool { pointer != nil }

    /// Read access for the duration of `body`; the pages are inaccessible again afterwards. Nil once wiped.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard let pointer else { return nil }
        _ = sodium_mprotect_readonly(pointer)
        defer { _ = sodium_mprotect_noaccess(pointer) }
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Zeroes and frees the memory now (`sodium_free`); later reads see nothing.
    package func wipe() {
        guard let memory = pointer else { return }
        pointer = nil
        sodium_free(memory)
    }

    deinit { wipe() }
}

/// Zeroes an ordinary buffer that held a secret in transit (`sodium_memzero`, which the optimiser keeps).
package func zeroize(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
    }
}
