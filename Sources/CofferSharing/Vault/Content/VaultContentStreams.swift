// SPDX-License-Identifier: MIT
import CofferAge
import Foundation

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
/// Positional when its base is a regular file of exactly `expected` bytes from its position, so that
/// `AgeEncryptor` spreads the file over every core as `coffer encrypt` does (the positional encryptor reports a
/// file that changes size meanwhile, `inputChangedWhileReading`).
final class ExactSizeSource: PositionalByteSource {
    private let base: ByteSource
    private let file: (any PositionalByteSource)?
    private let expected: UInt64
    private(set) var count: UInt64 = 0

    init(_ base: ByteSource, expected: UInt64) {
        self.base = base
        self.file = base.positional
        self.expected = expected
    }

    func positionalRemainder() -> (offset: UInt64, length: UInt64)? {
        guard count == 0, let remainder = file?.positionalRemainder(), remainder.length == expected else { return nil }
        return remainder
    }

    func size() throws -> UInt64 {
        guard let file else { throw InputSizeChanged() }
        return try file.size()
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let file else { throw InputSizeChanged() }
        return try file.read(at: offset, into: buffer)
    }

    /// After the positional encryptor read the `expected` bytes from the position `positionalRemainder` gave.
    func seek(to offset: UInt64) throws {
        guard let file else { throw InputSizeChanged() }
        try file.seek(to: offset)
        count = expected
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
/// Positional once the skipped bytes are behind it, when its base is (a record's temporary file), so that
/// `AgeEncryptor` writes the payload from every core as `coffer encrypt` does.
final class SkippingSink: PositionalByteSink {
    private let base: ByteSink
    private let file: (any PositionalByteSink)?
    private var skip: Int

    init(_ base: ByteSink, skip: Int) {
        self.base = base
        self.file = base.positional
        self.skip = skip
    }

    func positionalOffset() -> UInt64? { skip == 0 ? file?.positionalOffset() : nil }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard skip == 0, let file else { throw POSIXError(.ESPIPE) }
        try file.write(bytes, at: offset)
    }

    func seek(to offset: UInt64) throws {
        guard skip == 0, let file else { throw POSIXError(.ESPIPE) }
        try file.seek(to: offset)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let dropped = min(skip, bytes.count)
        skip -= dropped
        if dropped < bytes.count { try base.write(UnsafeRawBufferPointer(rebasing: bytes[dropped...])) }
    }
}
