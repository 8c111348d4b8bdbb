// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys

/// The streamed operations in terms of the whole-record ones, for a store that has nothing better: correct, but
/// the record is held in memory.
extension VaultRecordStore {
    package func openReader(_ id: RecordID, maxSize: Int) throws(VaultStoreError) -> ByteSource {
        MemorySource(try readBytes(id, maxSize: maxSize))
    }

    package func create(_ id: RecordID, writingWith write: (ByteSink) throws -> Void) throws(VaultStoreError) {
        let sink = MemorySink()
        do {
            try write(sink)
        } catch {
            throw .failure("cannot write record \(id): \(error)")
        }
        try create(id, sink.bytes)
    }
}
