// SPDX-License-Identifier: MIT
import Foundation
import NIOCore

/// `preadv2(descriptor, …, offset, RWF_NOWAIT)` (Linux 4.14 and later): reads only bytes the page cache holds and
/// never waits for the disk, so a link download can read on its connection's event loop (Spec/server.md §4.2)
/// without blocking it; what is not cached is left to a `pread` on NIO's thread pool. The function is looked up by
/// name (the C library declares it only under `_GNU_SOURCE`, which Swift's import does not set); where there is none
/// (another system, an older C library) or the file system refuses the flag, nothing is read here and every byte
/// takes the thread pool, as before.
enum PageCacheRead {
    private typealias Function = @convention(c) (Int32, UnsafePointer<iovec>?, Int32, off_t, Int32) -> Int

    /// `RWF_NOWAIT` of `<linux/fs.h>`.
    private static let noWait: Int32 = 0x0000_0008

    private static let preadv2: Function? = {
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "preadv2") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()

    /// Appends to `buffer` the bytes from `offset + buffer.readableBytes` on, until it holds `count`, the file ends,
    /// or a byte is not in the page cache (or the call fails: the caller reads the rest the ordinary way).
    static func read(_ descriptor: Int32, into buffer: inout ByteBuffer, count: Int, at offset: Int64) {
        guard let preadv2 else { return }
        while buffer.readableBytes < count {
            let wanted = count - buffer.readableBytes
            let position = off_t(offset) + off_t(buffer.readableBytes)
            let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { space in
                var vector = iovec(iov_base: space.baseAddress, iov_len: wanted)
                return max(preadv2(descriptor, &vector, 1, position, noWait), 0)
            }
            if read == 0 { return }
        }
    }
}
