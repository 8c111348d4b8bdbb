// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing
import Foundation

/// `coffer vault link open`: lists or reads a linked folder, without an account.
struct VaultLinkOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "List or read a folder through a vault link, without an account.",
        discussion: """
            ACTION is `ls [PATH]` (the default) or `get PATH`; PATH is relative to the linked folder (/ is the
            folder itself). The link's record is checked first (signature, expiry, password), then the owner's
            bundle, then every record of the folder as the vault reads it. `get -o OUT` writes OUT only when the
            whole file verified (a symlink is followed and kept); without -o the plaintext goes to stdout. -o onto
            a device or a FIFO writes through it, as age does (the node is never replaced); there, as on stdout, a
            failure can leave partial output.

            The link carries its secret: prefer --link-file FILE (or - for stdin) to an argument, which other users
            of this machine can see. The vault directory is --vault, else $COFFER_VAULT, else the default store.

            Examples:
              coffer vault link open --link-file link.txt --vault /srv/vault
              coffer vault link open --link-file link.txt --vault /srv/vault ls /sub
              coffer vault link open --link-file link.txt --password-file pw.txt get /plan.txt -o plan.txt
            """
    )

    @Option(name: .customLong("link-file"), help: "Read the link from the first line of FILE (- for stdin).")
    var linkFile: String?

    @Option(name: .customLong("password-file"), help: "The link's password, on the first line of FILE.")
    var passwordFile: String?

    @Flag(name: .customLong("password"), help: "Ask for the link's password on the terminal.")
    var askPassword = false

    @Option(help: ArgumentHelp("The vault directory (default: $COFFER_VAULT, else the store).", valueName: "dir"))
    var vault: String?

    @Option(name: .shortAndLong, help: "With get: write to FILE (all or nothing) instead of stdout.")
    var output: String?

    @Argument(help: "[LINK] [ls [PATH] | get PATH]; LINK only without --link-file.")
    var arguments: [String] = []

    /// (link text or nil, action, path).
    func parsed() throws -> (String?, String, String?) {
        var rest = arguments
        var link: String? = nil
        if linkFile == nil {
            guard !rest.isEmpty else { throw ValidationError("give the link, or --link-file FILE") }
            link = rest.removeFirst()
        }
        let action = rest.isEmpty ? "ls" : rest.removeFirst()
        guard action == "ls" || action == "get" else {
            throw ValidationError("the action is ls or get, not \(ErrorPresenter.escaped(action))")
        }
        guard rest.count <= 1 else { throw ValidationError("give at most one PATH") }
        if action == "get" && rest.isEmpty { throw ValidationError("get needs the PATH of a file") }
        if action == "ls" && output != nil { throw ValidationError("-o goes with get") }
        return (link, action, rest.first)
    }

    func validate() throws {
        _ = try parsed()
        if askPassword && passwordFile != nil { throw ValidationError("use --password or --password-file, not both") }
        if linkFile == "-" && passwordFile == "-" {
            throw ValidationError("only one of --link-file and --password-file can be - (stdin)")
        }
    }

    func run() throws {
        try LinkCLI.run {
            let (argument, action, pathText) = try parsed()
            let text = try argument ?? LinkOpenCommand.readLink(linkFile!)
            let link = try ShareLink(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            let password = try LinkCLI.password(file: passwordFile, prompt: askPassword, confirm: false)
            let directory =
                vault ?? ProcessInfo.processInfo.environment["COFFER_VAULT"].flatMap { $0.isEmpty ? nil : $0 }
                ?? StorageOptions.defaultDirectory("COFFER_STORE", "store")
            let reader = try Self.openReader(link, password: password, directory: directory, named: vault != nil)
            if action == "ls" {
                var lines = ""
                for entry in try reader.list(try pathText.map(vaultPath)) {
                    let name = ErrorPresenter.escaped(entry.name)
                    lines += "\(entry.kind == .folder ? "d" : "-")\t\(entry.size)\t\(name)\n"
                }
                try StandardOutput.write(lines)
                return
            }
            let destination = try OutputDestination.open(output, secret: true)
            try destination.sink.write(try reader.read(try vaultPath(pathText!)))
            try destination.commit()
        }
    }

    /// The link's reader on the vault `directory`. A link record missing there is most often the wrong vault
    /// (no --vault given, or another one), not a revoked link: the message says which directory was searched.
    static func openReader(_ link: ShareLink, password: Password?, directory: String, named: Bool) throws
        -> VaultLinkReader
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIFailure(
                message: "no vault directory at \(directory)",
                hints: ["give the vault directory the link was made in: --vault DIR (or $COFFER_VAULT)"])
        }
        let store = try VaultDirectoryStore(directory: URL(fileURLWithPath: directory))
        do {
            return try VaultLinkReader.open(link, password: password, now: LinkTime.now(), store: store)
        } catch let error as LinkError {
            guard case .noLinkStanza(let lookupID) = error.reason else { throw error }
            let source = named ? "the vault directory \(directory)" : "\(directory) (no --vault given)"
            throw CLIFailure(
                message: "link \(lookupID) is not in \(source)",
                hints: [
                    named
                        ? "check that this is the vault the link was made in; if it is, the link was revoked"
                        : "give the vault directory the link was made in: --vault DIR (or $COFFER_VAULT)"
                ])
        }
    }
}
