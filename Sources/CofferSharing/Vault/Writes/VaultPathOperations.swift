// SPDX-License-Identifier: MIT
// The cp/mkdir/rm-like forms of the vault's writes (Spec/vault.md §10.3, §10.4): mkdir -p, rm of an empty folder
// only unless recursive, and "into" for a move onto a folder. Each is built from the one-commit operations, so
// every interruption leaves what §10.8 says those leave.

extension Vault {
    /// `mkdir -p`: creates each missing folder along `path`, outermost first, each with its own commit (§10.3).
    /// Interrupted, the folders made so far stay, each complete and listed; running it again makes the rest.
    /// A folder already there is kept as it is; a file on the way is an error. Returns the folders it created.
    @discardableResult
    package func makeFolders(_ path: VaultPath) throws(VaultError) -> [VaultPath] {
        var made: [VaultPath] = []
        var prefix = VaultPath(root: path.root, components: [])
        for name in path.components {
            let next = prefix.appending(name)
            if let entry = try list(prefix).first(where: { $0.name == name }) {
                guard entry.kind == .folder else { throw .wrongNodeType(path: next.description, expected: "a folder") }
            } else {
                do throws(VaultError) {
                    try makeFolder(next)
                    made.append(next)
                } catch {
                    // A concurrent writer may have made it first; it will do only if it lists as a folder.
                    guard error.code == .alreadyExists else { throw error }
                    guard try list(prefix).first(where: { $0.name == name })?.kind == .folder else {
                        throw .wrongNodeType(path: next.description, expected: "a folder")
                    }
                }
            }
            prefix = next
        }
        return made
    }

    /// `rm` (`recursive` false): removes the file or the empty folder at `path`; a folder with anything in it is
    /// refused with `.wrongNodeType(path, expected: Vault.emptyFolder)` and nothing changes. `rm -r`
    /// (`recursive` true): `remove(_:)`, the folder with everything below it.
    public func remove(_ path: VaultPath, recursive: Bool) throws(VaultError) {
        if !recursive, let name = path.name, try list(path.parent).first(where: { $0.name == name })?.kind == .folder,
            try !list(path).isEmpty
        {
            throw .wrongNodeType(path: path.description, expected: Self.emptyFolder)
        }
        try remove(path)
    }

    /// What `remove(_:recursive:)` expected when it refused a folder that is not empty.
    package static let emptyFolder = "an empty folder"

    /// Where `move(_:into:)`-style destinations lead: `destination` itself, or — when it is an existing folder, or
    /// `into` is set (a path written with a trailing `/`) — `destination/<source's name>`. A missing folder with
    /// `into` set is `.notFound`.
    package func moveTarget(for source: VaultPath, at destination: VaultPath, into: Bool) throws(VaultError)
        -> VaultPath
    {
        guard let name = source.name else { return destination }
        if destination.isRoot { return destination.appending(name) }
        let parentEntries = try list(destination.parent)
        let existing = parentEntries.first { $0.name == destination.name }
        if existing?.kind == .folder { return destination.appending(name) }
        if into {
            guard existing != nil else { throw .notFound(destination.description) }
            throw .wrongNodeType(path: destination.description, expected: "a folder")
        }
        return destination
    }
}
