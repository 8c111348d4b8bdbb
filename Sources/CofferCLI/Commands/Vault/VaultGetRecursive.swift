// SPDX-License-Identifier: MIT
import CofferSharing
import Foundation

/// `vault get -r FOLDER LOCALDIR`: each vault folder, read and verified once, becomes a local directory (made if
/// absent) and each file is written through `OutputDestination` — all or nothing, mode 0600 — refusing a local file
/// that exists unless `force`. Every name is checked before it is used (no `/`, `.`, `..`), so nothing is written
/// outside LOCALDIR.
struct VaultGetRecursive {
    let vault: Vault
    let force: Bool

    func run(from source: VaultPath, to local: String) throws {
        let top = try vault.openFolder(source)
        // Everything is read and counted first, so the progress line knows its total.
        var folders: [(VaultFolder, String)] = []
        var queue = [(top, local)]
        while !queue.isEmpty {
            let (folder, directory) = queue.removeFirst()
            folders.append((folder, directory))
            for entry in folder.entries where entry.kind == .folder {
                queue.append((try vault.openFolder(entry.name, in: folder), Self.join(directory, entry.name)))
            }
        }
        let files = folders.flatMap { $0.0.entries.filter { $0.kind == .file } }
        if !force {
            for (folder, directory) in folders {
                for entry in folder.entries where entry.kind == .file {
                    let path = Self.join(directory, entry.name)
                    var status = stat()
                    if lstat(path, &status) == 0 {
                        throw CLIFailure(
                            message: "\"\(path)\" already exists; nothing was written",
                            hints: ["pass --force to overwrite existing files, or choose another directory"])
                    }
                }
            }
        }
        let progress = VaultRecursiveProgress(files: files.count, bytes: files.reduce(0) { $0 + $1.size })
        defer { progress.finish() }
        for (folder, directory) in folders {
            try Self.makeDirectory(directory)
            for entry in folder.entries where entry.kind == .file {
                let destination = try OutputDestination(
                    path: Self.join(directory, entry.name), secret: true, neverOverwrite: !force)
                try RecordingSink(destination.sink).streaming { try vault.read(entry.name, in: folder, to: $0) }
                try destination.commit()
                progress.fileDone(size: entry.size)
            }
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + name
    }

    /// A directory at `path`, made (mode 0700, with its parents) if absent; anything else there is refused.
    static func makeDirectory(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw CLIFailure(
                    message: "\"\(path)\" exists and is not a directory", hints: ["choose another directory"])
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIFailure(
                message: "cannot create the directory \"\(path)\"", hints: ["check the path and its permissions"])
        }
    }
}
