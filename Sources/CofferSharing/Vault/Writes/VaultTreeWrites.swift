// SPDX-License-Identifier: MIT
import CofferAge
import Foundation
import Synchronization

/// A local file for `Vault.put(_:into:progress:)`: its name in the folder, its size when opened, its time and type,
/// and how to open its bytes (called again for each attempt after a lost compare-and-swap).
package struct VaultFileSource {
    package let name: String
    package let size: UInt64
    package let modified: UInt64
    package let contentType: String
    package let open: () throws -> ByteSource

    package init(
        name: String, size: UInt64, modified: UInt64 = 0, contentType: String = "",
        open: @escaping () throws -> ByteSource
    ) {
        self.name = name
        self.size = size
        self.modified = modified
        self.contentType = contentType
        self.open = open
    }
}

extension Vault {
    /// Stores every file of `files` in the folder at `folderPath` with one commit of its listing (Spec/vault.md
    /// §10.3): each file streamed through the encryptor into new records (a new file, or a new version of the file
    /// of that name whose history names the one it replaces, as a single put, `keptVersions`; several files at once,
    /// `writeAll`), then one listing update adding them all. Until that commit nothing is listed; after it, every
    /// file is. `progress` is told each file once its records are stored. Names must be distinct (`alreadyExists`);
    /// a name held by a folder is `wrongNodeType`.
    package func put(
        _ files: [VaultFileSource], into folderPath: VaultPath, progress: (VaultFileSource) -> Void = { _ in }
    ) throws(VaultError) {
        var names: Set<String> = []
        var metadata: [NodeMetadata] = []
        for file in files {
            guard names.insert(file.name).inserted else {
                throw .alreadyExists(folderPath.appending(file.name).description)
            }
            metadata.append(
                try NodeMetadata(
                    name: file.name, size: file.size, modified: file.modified, contentType: file.contentType))
        }
        guard !files.isEmpty else { return }
        try committing { () throws(VaultError) in
            let parent = try folder(at: folderPath)
            try parent.checkWritable()
            // Only the children these names replace are read (in a chunked listing, by name tag; §10.3).
            var existing: [String: VerifiedChild] = [:]
            if !parent.manifest.entries.isEmpty {
                for child in try children(named: names, in: parent) where !child.metadata.isTrashed {
                    existing[child.metadata.name] = child
                }
            }
            var versioned = metadata
            for (index, file) in files.enumerated() {
                if let old = existing[file.name], old.record.kind != .file {
                    throw .wrongNodeType(path: folderPath.appending(file.name).description, expected: "a file")
                }
                versioned[index].previous = Self.history(after: existing[file.name], keeping: keptVersions)
            }
            let written = try writeAll(files, metadata: versioned, existing: existing, in: parent, progress: progress)
            // The replaced records stay: each is the newest earlier version of its file's new record (§4.1), or,
            // with `keptVersions` 1, garbage for `vault gc` as after a single put.
            try commit(written, to: parent, replacing: [])
        }
    }

    /// How many files a bulk put writes at once, each on a thread of its own: a small file's time goes mostly to
    /// waiting for the `fsync` of each record it creates, and the file system's journal commits many waiting
    /// `fsync`s at once, so far more writers than cores help (Spec/vault.md §11; BENCHMARKS.md, "Folders of any
    /// size"). A large file's encryption spreads over the cores by itself.
    static let bulkWriters = 16

    /// Writes each file's records (`writeStreamed`: node record, body, header) on up to `bulkWriters` threads, and
    /// tells `progress` of each file once its records are stored. On the first failure the others stop, what was
    /// written is deleted (nothing references it), and the error is thrown. The records' durability is left to
    /// the listing's commit, which makes every one of them durable before it is written (§10.1).
    func writeAll(
        _ files: [VaultFileSource], metadata: [NodeMetadata], existing: [String: VerifiedChild], in parent: FolderView,
        progress: (VaultFileSource) -> Void
    ) throws(VaultError) -> [NodeRecord] {
        let results = Mutex<[NodeRecord?]>(Array(repeating: nil, count: files.count))
        let next = Mutex(0)
        let failure = Mutex<VaultError?>(nil)
        let told = NSLock()
        // Each source's `open` is called by the one worker that takes its file; `progress` is called under `told`,
        // one file at a time. Not `DispatchQueue.concurrentPerform`: it runs no more threads than there are cores,
        // and these mostly wait for `fsync`.
        WorkerThreads.run(count: min(Self.bulkWriters, files.count)) {
            while failure.withLock({ $0 == nil }) {
                let index = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < files.count else { return }
                let file = files[index]
                let old = existing[file.name]
                do {
                    let source: ByteSource
                    do {
                        source = try file.open()
                    } catch {
                        throw VaultError.system("cannot open \(file.name)", error)
                    }
                    let record = try writeStreamed(
                        source, size: file.size, metadata: metadata[index], in: parent,
                        id: old?.record.id ?? .random(), version: (old?.record.version ?? 0) + 1)
                    results.withLock { $0[index] = record }
                    told.withLock { progress(file) }
                } catch {
                    let typed = error as? VaultError ?? .system("cannot store \(file.name)", error)
                    failure.withLock { if $0 == nil { $0 = typed } }
                }
            }
        }
        let written = results.withLock { $0.compactMap { $0 } }
        if let error = failure.withLock({ $0 }) {
            for record in written { deleteFileRecords(record) }
            throw error
        }
        return written
    }

    /// Creates the folder at `path` unless a folder is there already (`wrongNodeType` if a file is).
    package func makeFolderIfAbsent(_ path: VaultPath) throws(VaultError) {
        guard let name = path.name else { return }
        let parent = try folder(at: path.parent)
        if let child = try child(named: name, in: parent) {
            guard child.record.kind == .folder else {
                throw .wrongNodeType(path: path.description, expected: "a folder")
            }
            return
        }
        do {
            try makeFolder(path)
        } catch let error where error.code == .alreadyExists {
            // Made by a concurrent writer in between; the commit loop of makeFolder found it there.
        }
    }
}
