// SPDX-License-Identifier: MIT
import CofferAge
import Foundation

extension Vault {
    /// The verified entries of the folder at `path`, sorted by name.
    public func list(_ path: VaultPath) throws(VaultError) -> [VaultEntry] {
        try reading { () throws(VaultError) in
            try visibleChildren(of: folder(at: path)).map(VaultEntry.init).sorted { $0.name < $1.name }
        }
    }

    /// The file at `path`, its parent folder and its verified record.
    func file(at path: VaultPath) throws(VaultError) -> (FolderView, VerifiedChild) {
        guard let name = path.name else { throw .wrongNodeType(path: path.description, expected: "a file") }
        let parent = try folder(at: path.parent)
        guard let child = try child(named: name, in: parent) else { throw .notFound(path.description) }
        guard child.record.kind == .file else { throw .wrongNodeType(path: path.description, expected: "a file") }
        return (parent, child)
    }

    /// The plaintext of the file at `path`, returned only after every chunk authenticated.
    public func read(_ path: VaultPath) throws(VaultError) -> [UInt8] {
        let sink = MemorySink()
        try read(path, to: sink)
        return sink.bytes
    }

    /// Streams the file at `path` into `sink`: only authenticated chunks are written, in order; on an error the
    /// sink holds at most the chunks before the failing one (use `read(_:toFile:)` for all-or-nothing).
    public func read(_ path: VaultPath, to sink: ByteSink) throws(VaultError) {
        if path.components.isEmpty, case .share(let name) = path.root, try isFileShare(name) {
            try readFileShare(name, to: sink)  // `@name` is a shared file (Spec/vault.md §7.4)
            return
        }
        let (parent, child) = try reading { () throws(VaultError) in try file(at: path) }
        let (head, body) = try reader.streamedContent(of: child)
        try SealedContent.decrypt(
            head: head, body: body, size: child.metadata.size, record: child.record, keys: parent.keys, to: sink)
    }

    /// Writes the file at `path` to `url` all or nothing: a temporary file in the same directory, renamed over
    /// `url` only after the last chunk authenticated. On any failure nothing is left at `url` or beside it.
    package func read(_ path: VaultPath, toFile url: URL) throws(VaultError) {
        let plaintext = try read(path)
        do {
            try Data(plaintext).write(to: url, options: .atomic)
        } catch {
            throw .system("cannot write \(url.path)", error)
        }
    }
}
