// SPDX-License-Identifier: MIT

/// How the payload's 64 KiB chunks are spread over the cores. The bytes are the same whatever is chosen; only
/// speed and memory differ.
///
/// With one chunk per batch, each chunk is sealed or opened on the calling thread in turn. With more, a batch of
/// `chunksPerBatch` chunks is sealed or opened concurrently while the calling thread writes the previous batch and
/// reads the next (memory: about `chunksPerBatch × 256 KiB`); and `AgeEncryptor` encrypts a regular file into a
/// regular file with every core reading, sealing and writing its own chunks.
///
/// Not public: a client's encryptor and decryptor use every core (`allCores`); the CLI, the vault and the
/// benchmarks choose inside the package.
package struct PayloadConcurrency: Sendable, Equatable {
    /// The chunks one batch holds: the unit read, sealed or opened concurrently, and written.
    package let chunksPerBatch: Int

    /// One chunk at a time on the calling thread: for small inputs, where handing work to other threads costs
    /// more than it saves.
    package static let sequential = PayloadConcurrency(chunksPerBatch: 1)

    /// Every core this process may use, with a few chunks per core in a batch to keep them busy (the default).
    package static var allCores: PayloadConcurrency { batches(of: Platform.activeProcessorCount * 4) }

    /// Batches of `count` chunks (at least one): for tests of the batch boundaries and for benchmarks.
    package static func batches(of count: Int) -> PayloadConcurrency {
        PayloadConcurrency(chunksPerBatch: max(1, count))
    }

    private init(chunksPerBatch: Int) {
        self.chunksPerBatch = chunksPerBatch
    }
}
