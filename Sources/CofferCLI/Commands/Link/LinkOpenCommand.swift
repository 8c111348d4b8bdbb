// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import CofferKeys
import CofferRemote
import CofferSharing
import Foundation

/// `coffer link open`: decrypts an age file through a share link.
struct LinkOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Decrypt an age file through a share link.",
        discussion: """
            The link is checked before anything else: a link cut short or mistyped is reported as such. Then the
            link's record is verified (signature, expiry, password settings), the file key unwrapped, and the file
            decrypted chunk by chunk; with -o the output appears only when the whole file verified.
            A symlink given to -o is followed and kept. -o onto a device or a FIFO writes through it, as age does
            (the node is never replaced); there, as on stdout, a failure can leave partial output.

            The link carries its secret. Given as an argument it is visible to other users of this machine (ps,
            shell history): prefer --link-file FILE, or --link-file - to read it from stdin. A password-protected
            link asks for its password on the terminal when stdin is one (--password insists: it fails rather than
            go on without a terminal), or reads it from --password-file (first line, compared after Unicode NFC
            normalisation). FILE.age may be binary or ASCII-armored.

            Without FILE.age the file is downloaded from the storage server (coffer serve) and decrypted as it
            arrives: in ranges of 64 chunks (about 4 MiB), each asked again after a dropped connection (up to 5
            tries), all of the same file (same ETag), so memory stays flat whatever the size. The server is
            --server URL, or else the link's own base without its last "l/" (a link made by coffer link create
            --server without --base-url). Nothing the server sends is trusted: a changed byte stops the download
            before its chunk is written, and with -o nothing appears.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link open --link-file link.txt -o report.pdf report.pdf.age
              pbpaste | coffer link open --link-file - -o notes.txt notes.age
              coffer link open 'https://coffer.invalid/l/…#1…' report.pdf.age > report.pdf
              coffer link open --link-file link.txt -o report.pdf
              coffer link open --link-file link.txt --server http://host:8080/ -o f
            """
    )

    @Option(name: .customLong("link-file"), help: "Read the link from the first line of FILE (- for stdin).")
    var linkFile: String?

    @Option(name: .customLong("password-file"), help: "The link's password, on the first line of FILE.")
    var passwordFile: String?

    @Flag(name: .customLong("password"), help: "Ask for the link's password on the terminal.")
    var askPassword = false

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout.")
    var output: String?

    @Option(
        name: .customLong("server"),
        help: ArgumentHelp("Download from this coffer serve (default: the link's own server).", valueName: "url"))
    var server: String?

    @Argument(help: "LINK [FILE.age], or [FILE.age] with --link-file; without FILE.age it is downloaded.")
    var arguments: [String] = []

    /// The local age file, if one was given.
    var file: String? { arguments.count == (linkFile == nil ? 2 : 1) ? arguments.last : nil }

    func validate() throws {
        let allowed = linkFile == nil ? 1...2 : 0...1
        guard allowed.contains(arguments.count) else {
            throw ValidationError(
                linkFile == nil
                    ? "give the link and, unless it is to be downloaded, the age file"
                    : "with --link-file give at most the age file")
        }
        if server != nil && file != nil {
            throw ValidationError("--server downloads the file: give it or FILE.age, not both")
        }
        if askPassword && passwordFile != nil { throw ValidationError("use --password or --password-file, not both") }
        let stdinUsers = [linkFile, passwordFile, file].filter { $0 == "-" }
        if stdinUsers.count > 1 {
            throw ValidationError("only one of --link-file, --password-file and the age file can be - (stdin)")
        }
    }

    func run() throws {
        try LinkCLI.run {
            let text = try linkFile.map(Self.readLink) ?? arguments[0]
            let link = try ShareLink(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            if askPassword { try LinkCLI.requireTerminal() }
            let (header, source) = try file.map { try LinkCLI.openAgeFile($0, readable: true) } ?? download(link)
            var password = try LinkCLI.password(file: passwordFile, prompt: askPassword, confirm: false)
            let stanza = try LinkOpener(link: link, password: nil, now: 0).findStanza(in: header.stanzas)
            if stanza.record.kdf != nil && password == nil && CLI.isTerminal(0) {
                password = try LinkCLI.password(file: nil, prompt: true, confirm: false)
            }
            let opener = LinkOpener(link: link, password: password, now: LinkTime.now())
            let destination = try OutputDestination.open(output, input: file)
            try FileLinks.open(with: opener, header: header, from: source, to: destination.sink)
            try destination.commit()
        }
    }

    /// The link's file from its storage server, positioned after the header, as `openAgeFile` gives a local one.
    func download(_ link: ShareLink) throws -> (header: Header, source: BufferedSource) {
        guard let storage = try server.map(LinkCLI.storage) ?? LinkCLI.storage(of: link) else {
            throw CLIFailure(
                message: "this link does not name its storage server (its base is \(link.baseURL))",
                hints: [
                    "give the server with --server URL, or the age file after the link",
                    "links made by coffer link create --server without --base-url name their server",
                ])
        }
        let remote = try storage.download(link.lookupID)
        let source = try AgeDecryptor.unarmored(remote, mode: .detect)
        return (try HeaderParser.parse(from: source), source)
    }

    static func readLink(_ path: String) throws -> String {
        var data = try BoundedFileReader.read(path, kind: .link)
        defer { BoundedFileReader.zero(&data) }
        return String(decoding: data.prefix { $0 != 0x0A }, as: UTF8.self)
    }
}
