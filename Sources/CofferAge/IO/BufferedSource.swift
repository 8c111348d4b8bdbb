// SPDX-License-Identifier: MIT

/// A `ByteSource` with a small look-ahead buffer: line reading for the header, peeking for armor detection and for
/// "is this the end of the input?" after a full chunk.
package final class BufferedSource: ByteSource {
    private let base: ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var reachedEnd = false
    /// Bytes handed out so far (header length, payload offset).
    package private(set) var consumed: UInt64 = 0

    package init(_ base: ByteSource) {
        self.base = base
    }

    private var available: Int { buffer.count - start }

    /// Makes at least `count` bytes available unless the input ends first; returns how many are available.
    @discardableResult
    package func fill(_ count: Int) throws -> Int {
        if start > 0 && (start > 1 << 16 || available == 0) {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: max(1 << 16, count - available))
        while available < count && !reachedEnd {
            let n = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
            if n == 0 { reachedEnd = true } else { buffer += chunk[..<n] }
        }
        return available
    }

    /// The next `count` bytes (fewer at the end of input) without consuming them.
    package func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        let n = min(try fill(count), count)
        return buffer[start..<start + n]
    }

    /// True when no byte is left.
    package func isAtEnd() throws -> Bool {
        try fill(1) == 0
    }

    /// The next line including its LF, or everything left if the input ends first (empty at the end).
    /// Returns nil when no LF occurs within `maximumLength` bytes.
    package func readLine(maximumLength: Int) throws -> [UInt8]? {
        var scanned = 0
        while true {
            if let index = buffer[(start + scanned)...].firstIndex(of: 0x0A) {
                let length = index - start + 1
                guard length <= maximumLength else { return nil }
                return take(length)
            }
            scanned = available
            if scanned > maximumLength { return nil }
            let before = available
            if try fill(available + 1) == before { return take(available) }
        }
    }

    package func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        guard target.count > 0 else { return 0 }
        if available == 0 {
            // Once the buffer is drained, reads go straight to the base: the payload never passes through it.
            if !reachedEnd {
                let n = try base.read(into: target)
                consumed += UInt64(n)
                if n == 0 { reachedEnd = true }
                return n
            }
            return 0
        }
        let n = min(available, target.count)
        buffer.withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: n) }
        start += n
        consumed += UInt64(n)
        return n
    }

    private func take(_ count: Int) -> [UInt8] {
        let out = Array(buffer[start..<start + count])
        start += count
        consumed += UInt64(count)
        return out
    }
}
