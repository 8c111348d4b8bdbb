// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import Foundation

/// The streamed operations of `VaultDirectoryStore`: a record read through its open descriptor, a record created
/// from a temporary file filled by the writer, then `fsync`, `link(2)`, directory `fsync` as for any record
/// (the last one left to `syncCreated` when deferred).
extension VaultDirectoryStore {
    package func openReader(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> ByteSource {
        let (fd, _) = try DirectoryFile.openRegular(path(id), id: id, maxSize: maxSize)
        return DirectoryRecordReader(fd: fd, id: id, maxSize: maxSize)
    }

    package func create(_ id: RecordID, writingWith write: (ByteSink) throws -> Void) throws(VaultStoreError) {
        try createDeferringSync(id, writingWith: write)
        try syncCreated()
    }

    package func createDeferringSync(_ id: RecordID, writingWith write: (ByteSink) throws -> Void)
        throws(VaultStoreError)
    {
        // The writer's own error, if it throws one, is kept apart: the atomic write reports only its steps.
        var failure: VaultStoreError?
        do {
            try DirectoryFile.atomically(id, path(id), placement: .createOnly, syncsDirectory: false) {
                writer throws(AtomicWriteError) in
                do {
                    try write(FileSink(handle: FileHandle(fileDescriptor: writer.descriptor, closeOnDealloc: false)))
                } catch let error as VaultStoreError {
                    failure = error
                } catch {
                    failure = .failure("cannot write record \(id): \(error)")
                }
                if failure != nil { throw AtomicWriteError(.write, code: ECANCELED, path: writer.temporaryPath) }
            }
        } catch {
            throw failure ?? error
        }
    }
}

/// One record read front to back; refuses (`tooLarge`) to return more than `maxSize` bytes in all, should the
/// file grow while it is read. Closes the descriptor when released.
final class DirectoryRecordReader: ByteSource {
    private let fd: Int32
    private let id: RecordID
    private let maxSize: Int
    private var consumed = 0

    init(fd: Int32, id: RecordID, maxSize: Int) {
        self.fd = fd
        self.id = id
        self.maxSize = maxSize
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let got = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else {
                throw VaultStoreError.failure("cannot read record \(id): \(SystemErrorText.describe(errno))")
            }
            guard got <= maxSize - consumed else {
                throw VaultStoreError.tooLarge(id, size: UInt64(consumed) + UInt64(got), limit: maxSize)
            }
            consumed += got
            return got
        }
    }
}
