// SPDX-License-Identifier: MIT

/// Reads the payload in fixed-size batches and tells whether the input ended with the batch, in one read per batch.
///
/// `batch = read(n + 1 bytes)`: when all n + 1 arrive, more input follows, and the extra byte is kept as the first
/// byte of the next batch. This replaces a second "is this the end?" read after each batch, which went through
/// `BufferedSource`'s look-ahead buffer and cost an allocation and two extra copies per batch.
struct LookAheadReader {
    private var carried: UInt8?

    /// Fills `buffer` (batch size + 1 bytes) and returns the batch's byte count and whether the input ended with it.
    mutating func next(from source: ByteSource, into buffer: UnsafeMutableRawBufferPointer) throws
        -> (filled: Int, atEnd: Bool)
    {
        var filled = 0
        if let byte = carried {
            buffer[0] = byte
            filled = 1
            carried = nil
        }
        filled += try source.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
        guard filled == buffer.count else { return (filled, true) }
        carried = buffer[buffer.count - 1]
        return (filled - 1, false)
    }
}
