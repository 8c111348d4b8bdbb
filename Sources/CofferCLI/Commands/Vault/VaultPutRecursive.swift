// SPDX-License-Identifier: MIT
import CofferAge
import CofferSharing
import Foundation

/// `vault put -r LOCALDIR DEST`: the local tree is read first (regular files and directories; a symlink or a special
/// file is skipped with a warning; a name the vault cannot hold stops it before anything is written), then each
/// directory, top down, becomes a folder (made if absent) whose files are stored with one commit of its listing.
/// An interruption leaves every folder readable with the files of each directory committed so far; running the
/// command again completes it (files already there get a new version).
struct VaultPutRecursive {
    struct Directory {
        let components: [String]
        var files: [(name: String, path: String, size: UInt64, modified: UInt64)] = []
    }

    let vault: Vault

    func run(from local: String, to destination: VaultPath) throws {
        let skipped = VaultRecursiveProgress(files: 0, bytes: 0)
        let directories = try Self.scan(local, warn: skipped.warn)
        let files = directories.reduce(0) { $0 + $1.files.count }
        let bytes = directories.reduce(UInt64(0)) { total, directory in
            directory.files.reduce(total) { $0 + $1.size }
        }
        let progress = VaultRecursiveProgress(files: files, bytes: bytes)
        defer { progress.finish() }
        for directory in directories {
            var folder = destination
            for name in directory.components { folder = folder.appending(name) }
            try vault.makeFolderIfAbsent(folder)
            let sources = directory.files.map { file in
                VaultFileSource(name: file.name, size: file.size, modified: file.modified) {
                    try FileSource(path: file.path)
                }
            }
            try vault.put(sources, into: folder) { progress.fileDone(size: $0.size) }
        }
    }

    /// Every directory below `root` (itself first, parents before children) with its regular files.
    static func scan(_ root: String, warn: (String) -> Void) throws -> [Directory] {
        var out: [Directory] = []
        var queue = [(root, [String]())]
        while !queue.isEmpty {
            let (path, components) = queue.removeFirst()
            var directory = Directory(components: components)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw CLIFailure(
                    message: "cannot read the directory \"\(path)\"", hints: ["check the path and its permissions"])
            }
            for name in names {
                let child = (path.hasSuffix("/") ? path : path + "/") + name
                var status = stat()
                guard lstat(child, &status) == 0 else {
                    throw CLIFailure(message: "cannot read \"\(child)\"", hints: ["check its permissions"])
                }
                let type = status.st_mode & S_IFMT
                guard type == S_IFREG || type == S_IFDIR else {
                    warn("skipped \"\(child)\": \(type == S_IFLNK ? "a symlink" : "not a regular file or directory")")
                    continue
                }
                do {
                    try NodeMetadata.checkName(name)
                } catch {
                    throw CLIFailure(
                        message: "\"\(child)\" has a name the vault cannot hold; nothing was stored",
                        hints: ["rename it (no control characters; at most 255 bytes)"])
                }
                if type == S_IFDIR {
                    queue.append((child, components + [name]))
                } else {
                    directory.files.append(
                        (name, child, UInt64(status.st_size), UInt64(max(0, status.st_mtim.tv_sec))))
                }
            }
            out.append(directory)
        }
        return out
    }
}
