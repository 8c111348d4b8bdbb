// SPDX-License-Identifier: MIT
import CofferFormat

/// The byte streams that carry a file's content through the vault in constant memory.

/// `first`, then `second`.
final class ChainedSource: ByteSource {
    private let first: ByteSource
    private let second: ByteSource
    private var firstDone = false

    init(_ first: ByteSource, _ second: ByteSource) {
        self.first = first
        self.second = second
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !firstDone {
            let got = try first.read(into: buffer)
            if got > 0 { return got }
            firstDone = true
        }
        return try second.read(into: buffer)
    }
}

/// `base`, with every byte read also written to `copy` (the stored body passed on by an export as it is checked).
final class TeeSource: ByteSource {
    private let base: ByteSource
    private let copy: ByteSink

    init(_ base: ByteSource, copy: ByteSink) {
        self.base = base
        self.copy = copy
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let got = try base.read(into: buffer)
        if got > 0 { try copy.write(UnsafeRawBufferPointer(rebasing: buffer[..<got])) }
        return got
    }
}

/// The plaintext of a put: exactly `expected` bytes, or `InputSizeChanged` (the file grew or shrank while read).
final class ExactSizeSource: ByteSource {
    private let base: ByteSource
    private let expected: UInt64
    private(set) var count: UInt64 = 0

    init(_ base: ByteSource, expected: UInt64) {
        self.base = base
        self.expected = expected
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let got = try base.read(into: buffer)
        count += UInt64(got)
        if count > expected || (got == 0 && count != expected) { throw InputSizeChanged() }
        return got
    }
}

/// The input of a put did not have the size announced for it.
struct InputSizeChanged: Error, CustomStringConvertible {
    var description: String { "the input changed size while it was read" }
}

/// Passes on what is written after the first `skip` bytes (the age header, stored as its own record).
final class SkippingSink: ByteSink {
    private let base: ByteSink
    private var skip: Int

    init(_ base: ByteSink, skip: Int) {
        self.base = base
        self.skip = skip
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let dropped = min(skip, bytes.count)
        skip -= dropped
        if dropped < bytes.count { try base.write(UnsafeRawBufferPointer(rebasing: bytes[dropped...])) }
    }
}
