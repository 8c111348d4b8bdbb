// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys

/// Streamed reads and writes of large immutable records (a file's body), with the store's refusals mapped as for
/// whole records.
extension VaultStorage {
    /// The record as a stream of at most `limit` bytes, or nil when it does not exist. Its reads throw
    /// `VaultStoreError`; `VaultError.init(streamed:)` maps them.
    func openIfPresent(_ id: RecordID, limit: Int) throws(VaultError) -> ByteSource? {
        do {
            return try store.openReader(id, maxSize: limit)
        } catch let error where error.code == .notFound {
            return nil
        } catch {
            throw VaultError(store: error)
        }
    }

    /// Creates a new immutable record from what `write` writes; an existing record of that name is refused (a
    /// streamed record is named by a fresh random nonce, so it is never a repeated write). An error `write` throws
    /// is rethrown as it was (a `VaultError` stays one), and nothing is stored. Its durability is deferred to the
    /// next `syncCreated` when the store can (§10.1).
    func createStreamed(_ id: RecordID, writingWith write: @escaping (ByteSink) throws -> Void) throws(VaultError) {
        let writer = CapturingWriter(write)
        do {
            if let deferring = store as? any VaultDeferredSyncStore {
                try deferring.createDeferringSync(id, writingWith: writer.run)
            } else {
                try store.create(id, writingWith: writer.run)
            }
        } catch {
            if let failure = writer.failure { throw VaultError.system("cannot write record \(id)", failure) }
            if error.code == .alreadyExists { throw .storageFailure("record \(id) already exists") }
            throw VaultError(store: error)
        }
    }
}

/// Keeps the error the writer threw, so that it is reported as it was and not as the store's words about it.
private final class CapturingWriter {
    private let write: (ByteSink) throws -> Void
    private(set) var failure: (any Error)?

    init(_ write: @escaping (ByteSink) throws -> Void) { self.write = write }

    func run(_ sink: ByteSink) throws {
        do {
            try write(sink)
        } catch {
            failure = error
            throw error
        }
    }
}

extension VaultError {
    /// A store's refusal as the vault reports it.
    init(store error: VaultStoreError) {
        if case .tooLarge(let id, let size, let limit) = error.reason {
            self = .recordTooLarge(record: id.rawValue, size: size, limit: limit)
        } else {
            self = .storageFailure(error.description)
        }
    }
}
