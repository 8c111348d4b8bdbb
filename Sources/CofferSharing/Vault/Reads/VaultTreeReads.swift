// SPDX-License-Identifier: MIT
import CofferAge

/// A folder read and verified once, with its children (Spec/vault.md §8): what `vault get -r` walks, so a tree of
/// n files costs one folder read per folder, not one walk from the root per file.
package struct VaultFolder: Sendable {
    package let path: VaultPath
    /// The verified children, sorted by name.
    package let entries: [VaultEntry]
    let view: FolderView
    let children: [String: VerifiedChild]
}

extension Vault {
    /// The folder at `path`, read and verified with every child.
    package func openFolder(_ path: VaultPath) throws(VaultError) -> VaultFolder {
        try opened(folder(at: path))
    }

    /// What is at `path`: a file, a folder, or nothing (nil). Costs a walk to the parent and one name lookup.
    package func kind(of path: VaultPath) throws(VaultError) -> NodeRecord.Kind? {
        guard let name = path.name else {
            _ = try root(of: path)
            return .folder
        }
        let parent: FolderView
        do {
            parent = try folder(at: path.parent)
        } catch let error where error.code == .notFound {
            return nil
        }
        return try child(named: name, in: parent)?.record.kind
    }

    /// The subfolder `name` of `folder` (`notFound`, `wrongNodeType`).
    package func openFolder(_ name: String, in folder: VaultFolder) throws(VaultError) -> VaultFolder {
        let path = folder.path.appending(name)
        guard let child = folder.children[name] else { throw .notFound(path.description) }
        guard child.record.kind == .folder else { throw .wrongNodeType(path: path.description, expected: "a folder") }
        return try opened(childFolder(child, in: folder.view))
    }

    /// Streams the file `name` of `folder` into `sink` as `read(_:to:)` does: only authenticated chunks, in order.
    package func read(_ name: String, in folder: VaultFolder, to sink: ByteSink) throws(VaultError) {
        let path = folder.path.appending(name)
        guard let child = folder.children[name] else { throw .notFound(path.description) }
        guard child.record.kind == .file else { throw .wrongNodeType(path: path.description, expected: "a file") }
        let (head, body) = try reader.streamedContent(of: child)
        try SealedContent.decrypt(
            head: head, body: body, size: child.metadata.size, record: child.record, keys: folder.view.keys, to: sink)
    }

    func opened(_ view: FolderView) throws(VaultError) -> VaultFolder {
        let children = try visibleChildren(of: view)
        var byName: [String: VerifiedChild] = [:]
        for child in children { byName[child.metadata.name] = child }
        return VaultFolder(
            path: view.path, entries: children.map(VaultEntry.init).sorted { $0.name < $1.name }, view: view,
            children: byName)
    }
}
