// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultPutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Encrypt a local file, or with -r a directory tree, into the vault.",
        discussion: """
            A file becomes a new file, or a new version of the file of that name. A destination that ends in "/"
            or is an existing folder means "into it", as with cp: `put notes.txt /team/` stores /team/notes.txt.

            With -r, LOCALDIR and everything below it is stored in one run with one unlock: each directory becomes
            a folder (made if absent; into DEST when DEST ends in "/" or is a folder, else as DEST itself), and
            each folder's files are committed together, once. Symlinks and special files (devices, FIFOs, sockets)
            are skipped with a warning; a name the vault cannot hold stops the command before anything is stored.
            An interrupted `put -r` leaves every folder readable, with the folders committed so far; running it
            again completes it (files already there get a new version). A progress line is shown on a terminal.

            A new version keeps the one it replaces: vault log lists the versions, vault get --version reads one,
            vault restore --version makes one current again. --keep-versions (default 10, at most 16) is how many
            versions of the file the new one keeps, itself included; older ones are deleted by vault gc. -r does the
            same for every file it replaces, and takes --keep-versions too.

            Examples:
              coffer vault put notes.txt /notes.txt --passphrase-file pass.txt
              coffer vault put notes.txt /team/ --passphrase-file pass.txt
              cat data | coffer vault put - @team/data.bin --passphrase-file pass.txt
              coffer vault put -r photos /backup/ --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(name: .shortAndLong, help: "Store a directory and everything below it.") var recursive = false
    @Argument(help: "The local file (- for stdin), or with -r the local directory.") var input: String
    @Argument(help: "Where to store it in the vault (ending in / or a folder: into it).") var path: String
    @Option(name: .customLong("type"), help: "The content type to record, e.g. text/plain.") var contentType = ""
    @Option(help: "How many versions of each file to keep, the new one included (1–16, default 10).")
    var keepVersions = Vault.defaultKeptVersions

    /// `--keep-versions` within 1…`Vault.maximumKeptVersions`.
    static func checkKeptVersions(_ count: Int) throws {
        guard count >= 1, count <= Vault.maximumKeptVersions else {
            throw ValidationError(
                "--keep-versions must be 1 to \(Vault.maximumKeptVersions): a record names at most "
                    + "\(Vault.maximumKeptVersions - 1) earlier versions")
        }
    }

    func validate() throws {
        try OptionChecks.oneStdinReader([("--passphrase-file", options.passphraseFile), ("the input", input)])
        if recursive && input == "-" {
            throw ValidationError("-r needs a local directory, not stdin")
        }
        try Self.checkKeptVersions(keepVersions)
        if recursive && !contentType.isEmpty {
            throw ValidationError("--type names one file's type; it cannot be used with -r")
        }
    }

    func run() throws {
        try CLI.run {
            if recursive {
                try putTree()
                return
            }
            let file = try CLI.openInput(input)
            let modified =
                input == "-"
                ? Date()
                : (try? FileManager.default.attributesOfItem(atPath: input)[.modificationDate] as? Date) ?? Date()
            let seconds = UInt64(max(0, modified.timeIntervalSince1970))
            var vault = try options.open()
            vault.keptVersions = keepVersions
            let destination = try VaultDestination.resolve(path, name: input == "-" ? nil : input, in: vault)
            // A regular file streams through the encryptor in constant memory, read again from its start if a
            // concurrent writer makes the commit retry; a pipe is read whole first (its size is not known).
            if let (offset, length) = file.positionalRemainder() {
                try vault.put(size: length, at: destination, modified: seconds, contentType: contentType) {
                    try file.seek(to: offset)
                    return file
                }
                return
            }
            try vault.put(try file.readAll(), at: destination, modified: seconds, contentType: contentType)
        }
    }

    private func putTree() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIFailure(
                message: "\"\(input)\" is not a directory", hints: ["-r stores a directory; drop -r for one file"])
        }
        var vault = try options.open()
        vault.keptVersions = keepVersions
        let destination = try VaultDestination.resolve(path, name: input, in: vault)
        try VaultPutRecursive(vault: vault).run(from: input, to: destination)
    }
}

/// A vault destination as the user wrote it: ending in "/" or naming an existing folder, it means "into it" (the
/// local name is appended, as cp does); otherwise it is the path itself.
enum VaultDestination {
    static func resolve(_ text: String, name local: String?, in vault: Vault) throws -> VaultPath {
        let path = try vaultPath(text)
        let isFolder = text.hasSuffix("/") || path.isRoot ? true : try vault.kind(of: path) == .folder
        let into = isFolder
        guard into else { return path }
        guard let local, let name = URL(fileURLWithPath: local).standardizedFileURL.pathComponents.last,
            name != "/"
        else {
            throw CLIFailure(
                message: "\"\(text)\" is a folder", hints: ["give the file's name in the vault, e.g. \(text)/data.bin"])
        }
        return path.appending(name)
    }
}
