// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import CofferKeys
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
            link asks for its password on the terminal, or reads it from --password-file (first line, compared
            after Unicode NFC normalisation). FILE.age may be binary or ASCII-armored.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link open --link-file link.txt -o report.pdf report.pdf.age
              pbpaste | coffer link open --link-file - -o notes.txt notes.age
              coffer link open 'https://coffer.invalid/l/…#1…' report.pdf.age > report.pdf
            """
    )

    @Option(name: .customLong("link-file"), help: "Read the link from the first line of FILE (- for stdin).")
    var linkFile: String?

    @Option(name: .customLong("password-file"), help: "The link's password, on the first line of FILE.")
    var passwordFile: String?

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout.")
    var output: String?

    @Argument(help: "LINK FILE.age, or only FILE.age with --link-file.")
    var arguments: [String] = []

    func validate() throws {
        let expected = linkFile == nil ? 2 : 1
        guard arguments.count == expected else {
            throw ValidationError(
                linkFile == nil
                    ? "give the link and the age file (or --link-file FILE and the age file)"
                    : "with --link-file give only the age file")
        }
        let stdinUsers = [linkFile, passwordFile, arguments.last].filter { $0 == "-" }
        if stdinUsers.count > 1 {
            throw ValidationError("only one of --link-file, --password-file and the age file can be - (stdin)")
        }
    }

    func run() throws {
        try LinkCLI.run {
            let file = arguments.last!
            let text = try linkFile.map(Self.readLink) ?? arguments[0]
            let link = try ShareLink(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            let (header, source) = try LinkCLI.openAgeFile(file, readable: true)
            var password = try LinkCLI.password(file: passwordFile, prompt: false, confirm: false)
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

    static func readLink(_ path: String) throws -> String {
        var data = try BoundedFileReader.read(path, kind: .link)
        defer { BoundedFileReader.zero(&data) }
        return String(decoding: data.prefix { $0 != 0x0A }, as: UTF8.self)
    }
}
