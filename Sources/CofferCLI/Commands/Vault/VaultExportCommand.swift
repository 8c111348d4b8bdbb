// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import CofferSharing
import Foundation

struct VaultExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write plain age files that anyone can decrypt with `age`: no lock-in.",
        discussion: """
            Each file's key is re-wrapped to the age recipients in a new header; the payload is copied unchanged
            (nothing is re-encrypted). A file goes to stdout, to -o FILE, or into -o DIR when DIR is an existing
            directory or is written with a trailing "/". A folder needs -o DIR and becomes a tree of NAME.age files
            there; DIR is created (one level, its parent must exist) when it does not exist yet. Content is verified
            as it is exported, in constant memory: its commitment before anything is written, every chunk before
            the command succeeds. -o FILE is written all or nothing (temporary file and rename; a symlink is
            followed and kept); onto a device or a FIFO it writes through, as age does, and there, as on stdout, a
            failure can leave partial output.

            Examples:
              coffer vault export /report.pdf --to age1… -o report.pdf.age --passphrase-file pass.txt
              coffer vault export /work --to age1… -o exported/ --passphrase-file pass.txt
              age -d -i key.txt report.pdf.age > report.pdf
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file or folder to export.") var path: String
    @Option(
        name: [.customShort("r"), .customLong("recipient"), .customLong("to")],
        help: ArgumentHelp("An age recipient (age1…), as encrypt -r; repeatable.", valueName: "recipient"))
    var recipients: [String]
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or directory for a folder.", valueName: "out"))
    var output: String?

    func run() throws {
        try CLI.run {
            guard !recipients.isEmpty else { throw CLIFailure("give at least one -r age1… recipient (or --to)") }
            let parsed: [any Recipient] = try recipients.map { try X25519Recipient($0) }
            let source = try vaultPath(path)
            let vault = try options.open()
            // Asked of the parent's listing, so a folder is never mistaken for a file (or the reverse) because of
            // some other error; a missing source is reported by the export itself.
            let isFolder =
                try source.isRoot || vault.list(source.parent).first { $0.name == source.name }?.kind == .folder
            // "-o exp/" names a directory, as with cp: made (one level) when missing, for a file as for a folder.
            let wantsDirectory = output?.hasSuffix("/") ?? false
            if let output, isFolder || wantsDirectory || Self.isDirectory(output) {
                if isFolder || wantsDirectory { try Self.makeDirectory(output) }
                // Each file through the one output path: a device, FIFO or symlink already at a name is never
                // renamed over.
                let written = try vault.export(source, to: parsed, into: URL(fileURLWithPath: output)) { url, bytes in
                    do {
                        let destination = try OutputDestination.open(url.path)
                        try destination.sink.write(bytes)
                        try destination.commit()
                    } catch let error as OutputError {
                        // The library names the file; the errno is what it needs to say why.
                        throw POSIXError(POSIXErrorCode(rawValue: error.code) ?? .EIO)
                    }
                }
                CLI.note("exported \(written.count) files under \(output)")
                return
            }
            guard output != nil || !CLI.isTerminal(1) else {
                throw CLIFailure("refusing to write binary age data to a terminal", hint: "use -o FILE")
            }
            if isFolder { throw CLIFailure("\(path) is a folder", hint: "export a folder with -o DIR") }
            let destination = try OutputDestination.open(output)
            try RecordingSink(destination.sink).streaming { try vault.export(source, to: parsed, writingTo: $0) }
            try destination.commit()
        }
    }

    /// A directory, or a symlink to one.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// `path` as a directory: an existing one (or a symlink to one) is used; a missing one is created (its parent
    /// must exist); anything else is refused.
    static func makeDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        var status = stat()
        if lstat(path, &status) == 0 {
            throw CLIFailure(
                "output \"\(path)\" exists and is not a directory", hint: "a folder is exported into a directory")
        }
        guard mkdir(path, 0o777) == 0 else {
            throw CLIFailure(
                "cannot create the directory \"\(path)\": \(OutputError.reason(errno))",
                hint: "check that its parent directory exists and is writable")
        }
        CLI.note("created directory \(path)")
    }
}
