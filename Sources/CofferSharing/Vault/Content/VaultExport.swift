// SPDX-License-Identifier: MIT
import CofferAge
import Foundation

extension Vault {
    /// The file at `path` as a plain age v1 file for `recipients` (for example an `age1…` X25519 recipient): the
    /// file key is re-wrapped into a new header, the payload bytes are copied unchanged — no re-encryption. The
    /// content is verified first (commitment and every chunk), so a damaged file is never exported.
    package func export(_ path: VaultPath, to recipients: [any Recipient]) throws(VaultError) -> [UInt8] {
        let sink = MemorySink()
        try export(path, to: recipients, writingTo: sink)
        return sink.bytes
    }

    /// The same, streamed into `sink` in constant memory: the new header, then the stored body as it is read and
    /// checked. The body's bytes reach `sink` before the whole body is verified (ciphertext, never plaintext): on
    /// an error, discard what `sink` got (the CLI's `-o` does).
    package func export(_ path: VaultPath, to recipients: [any Recipient], writingTo sink: ByteSink)
        throws(VaultError)
    {
        let (parent, child) = try file(at: path)
        let (head, stored) = try reader.streamedContent(of: child)
        let body = try SealedContent.committed(head: head, body: stored, record: child.record)
        try SealedContent.checkEpochs(head: head, record: child.record, keys: parent.keys)
        let exported = try SealedContent(head: head, body: []).rewrapped(keys: parent.keys, node: child.record.id) {
            fileKey in try recipients.flatMap { try $0.wrapping().wrap(fileKey) }
        }
        do {
            try sink.write(exported.head)
        } catch {
            throw .system("cannot write the export", error)
        }
        try SealedContent.decrypt(
            head: head, checkedBody: body, size: child.metadata.size, record: child.record, keys: parent.keys,
            to: DiscardingSink(), copyingBodyTo: sink)
    }

    /// Exports the file or folder at `path` under `directory`: a file as `<name>.age`, a folder as a directory of
    /// the same name holding its exports. Each file goes through `write` (by default all or nothing: a temporary
    /// file renamed into place; a client passes its own writer to handle devices, FIFOs and symlinks its way).
    /// Returns the files written.
    @discardableResult
    package func export(
        _ path: VaultPath, to recipients: [any Recipient], into directory: URL,
        writingWith write: (URL, [UInt8]) throws -> Void = { try Data($1).write(to: $0, options: .atomic) }
    ) throws(VaultError) -> [URL] {
        if path.isRoot || (try? file(at: path)) == nil {
            let view = try folder(at: path)
            let target = path.isRoot ? directory : directory.appendingPathComponent(path.name!)
            do {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            } catch {
                throw .system("cannot create \(target.path)", error)
            }
            var written: [URL] = []
            for child in try visibleChildren(of: view) {
                written += try export(
                    path.appending(child.metadata.name), to: recipients, into: target, writingWith: write)
            }
            return written
        }
        let url = directory.appendingPathComponent(path.name! + ".age")
        do {
            try write(url, try export(path, to: recipients))
        } catch let error as VaultError {
            throw error
        } catch {
            throw .system("cannot write \(url.path)", error)
        }
        return [url]
    }
}

/// Counts and drops bytes: used to authenticate a payload without keeping it.
final class DiscardingSink: ByteSink {
    private(set) var count: UInt64 = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws { count += UInt64(bytes.count) }
}
